import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { styledDateTimeFormat } from '../time/zoned-time.js';

export const SUPPORTED_LOCALES = ['en', 'es', 'fr', 'ar'] as const;
export type Locale = (typeof SUPPORTED_LOCALES)[number];
export const RTL_LOCALES: readonly string[] = ['ar'];
export const LOCALE_NAMES: Record<Locale, string> = { en: 'English', es: 'Español', fr: 'Français', ar: 'العربية' };

export const LOCALES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../locales');

type Catalog = Map<string, string>;

/**
 * Catalogs live in `src/locales/<lang>/<namespace>.json` (one file per module, so modules own
 * their words); a key is `<namespace>.<key>`. A test fails when a key is missing from any locale.
 */
export function loadCatalogs(dir = LOCALES_DIR): Record<string, Catalog> {
  const catalogs: Record<string, Catalog> = {};
  for (const locale of SUPPORTED_LOCALES) {
    const catalog: Catalog = new Map();
    for (const file of readdirSync(path.join(dir, locale))
      .filter((f) => f.endsWith('.json'))
      .sort()) {
      const namespace = file.replace(/\.json$/, '');
      const entries = JSON.parse(readFileSync(path.join(dir, locale, file), 'utf8')) as Record<string, string>;
      for (const [key, value] of Object.entries(entries)) catalog.set(`${namespace}.${key}`, value);
    }
    catalogs[locale] = catalog;
  }
  return catalogs;
}

let catalogs: Record<string, Catalog> | undefined;

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (SUPPORTED_LOCALES as readonly string[]).includes(value);
}

export type Translate = (key: string, params?: Record<string, string | number>) => string;

export function translator(locale: string): Translate {
  catalogs ??= loadCatalogs();
  const catalog = catalogs[isLocale(locale) ? locale : 'en']!;
  const fallback = catalogs.en!;
  return (key, params) => {
    const template = catalog.get(key) ?? fallback.get(key) ?? key;
    return params ? template.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m)) : template;
  };
}

export function direction(locale: string): 'rtl' | 'ltr' {
  return RTL_LOCALES.includes(locale) ? 'rtl' : 'ltr';
}

/** The switcher's choice, else the account's preference, else the browser's Accept-Language. */
export function negotiateLocale(chosen: string | undefined, account: string | undefined, acceptLanguage: string | undefined): Locale {
  if (isLocale(chosen)) return chosen;
  if (isLocale(account)) return account;
  const preferences = (acceptLanguage ?? '')
    .split(',')
    .map((part) => {
      const [tag, ...rest] = part.trim().split(';');
      const q = rest.find((r) => r.trim().startsWith('q='));
      return { tag: (tag ?? '').toLowerCase().split('-')[0]!, q: q ? Number(q.trim().slice(2)) : 1 };
    })
    .filter((p) => p.tag && Number.isFinite(p.q))
    .sort((a, b) => b.q - a.q);
  return (preferences.find((p) => isLocale(p.tag))?.tag as Locale | undefined) ?? 'en';
}

/**
 * A date (a `YYYY-MM-DD` calendar date is the same day everywhere), or with `withTime` a date and
 * time in `timeZone` with the zone named, as every time on screen is (docs/time.md).
 */
export function formatDate(locale: string, value: Date | string, timeZone = 'UTC', withTime = false): string {
  const calendarDate = typeof value === 'string' && value.length === 10;
  const date = typeof value === 'string' ? new Date(calendarDate ? `${value}T00:00:00Z` : value) : value;
  const zone = calendarDate ? 'UTC' : timeZone;
  const text = styledDateTimeFormat(locale, zone, withTime ? { dateStyle: 'medium', timeStyle: 'short' } : { dateStyle: 'medium' }).format(
    date,
  );
  return withTime && !calendarDate ? `${text} (${zone})` : text;
}
