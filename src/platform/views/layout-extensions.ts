import type { VNode } from 'preact';
import type { PageContext } from './page-context.js';

/**
 * Modules add to every page without editing the layout: a script (live updates, alert banners) or
 * a header item (the notification bell). Registered once at start-up; adding twice is harmless.
 */
export type HeaderItem = (ctx: PageContext) => VNode | null;

const scripts = new Set<string>();
const headerItems = new Map<string, HeaderItem>();

export function addLayoutScript(src: string): void {
  scripts.add(src);
}

export function addLayoutHeaderItem(key: string, item: HeaderItem): void {
  headerItems.set(key, item);
}

export function layoutScripts(): string[] {
  return [...scripts];
}

export function layoutHeaderItems(): HeaderItem[] {
  return [...headerItems.values()];
}
