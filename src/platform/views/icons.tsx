import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Fragment, h } from 'preact';
import { renderToString } from 'preact-render-to-string';

/**
 * The one icon set: Lucide (`lucide-static`, ISC licence), drawn as inline SVG from the package's
 * icon nodes, so icons need no request, follow the text colour (`currentColor`) and scale with
 * the font. Only the names below are loaded; add a name here to use a new icon.
 */
export const ICON_NAMES = [
  'activity',
  'arrow-left',
  'arrow-right',
  'ban',
  'bell',
  'calendar',
  'check',
  'chevron-down',
  'circle',
  'circle-alert',
  'circle-check',
  'circle-x',
  'clock',
  'download',
  'file-text',
  'heart-pulse',
  'info',
  'languages',
  'log-out',
  'menu',
  'plus',
  'search',
  'siren',
  'stethoscope',
  'triangle-alert',
  'upload',
  'user',
  'x',
] as const;
export type IconName = (typeof ICON_NAMES)[number];

type IconNode = [tag: string, attrs: Record<string, string>][];

let nodes: Map<IconName, IconNode> | undefined;

function iconNodes(): Map<IconName, IconNode> {
  if (!nodes) {
    const file = createRequire(import.meta.url).resolve('lucide-static/icon-nodes.json');
    const all = JSON.parse(readFileSync(file, 'utf8')) as Record<string, IconNode>;
    nodes = new Map(ICON_NAMES.map((name) => [name, all[name] ?? []]));
  }
  return nodes;
}

/**
 * Each icon's drawing (its paths, circles and lines) as markup, rendered once. Pages draw many
 * icons, and rendering their elements anew on every view was 2.4 % of the server's CPU in the page
 * bench (2026-12-05, docs/performance.md). The drawing is the package's fixed data, escaped by the
 * renderer like any other element; nothing of a request goes into it.
 */
const drawings = new Map<IconName, string>();

function drawingOf(name: IconName): string {
  let drawing = drawings.get(name);
  if (drawing === undefined) {
    drawing = renderToString(
      h(
        Fragment,
        null,
        (iconNodes().get(name) ?? []).map(([tag, attrs], i) => h(tag, { ...attrs, key: i })),
      ),
    );
    drawings.set(name, drawing);
  }
  return drawing;
}

/**
 * An icon. Decorative by default (hidden from assistive technology, the text beside it says what it
 * means); with `label` it is announced as an image with that name.
 */
export function Icon(props: { name: IconName; label?: string; class?: string }) {
  return h('svg', {
    class: props.class ? `icon ${props.class}` : 'icon',
    xmlns: 'http://www.w3.org/2000/svg',
    viewBox: '0 0 24 24',
    width: 24,
    height: 24,
    fill: 'none',
    stroke: 'currentColor',
    'stroke-width': 2,
    'stroke-linecap': 'round',
    'stroke-linejoin': 'round',
    focusable: 'false',
    ...(props.label ? { role: 'img', 'aria-label': props.label } : { 'aria-hidden': 'true' }),
    dangerouslySetInnerHTML: { __html: drawingOf(props.name) },
  });
}

/**
 * The drawings of some icons once per page, as `<symbol id="icon-NAME">` in a hidden SVG, for a
 * page that repeats them (a table of status chips): each use is then a `<use href>` of a few bytes
 * (SpriteIcon) instead of the whole drawing. Put it once in the page, before or after the uses.
 */
export function IconSprite(props: { names: readonly IconName[] }) {
  return h(
    'svg',
    { class: 'icon-sprite', xmlns: 'http://www.w3.org/2000/svg', hidden: true, 'aria-hidden': 'true', focusable: 'false' },
    [...new Set(props.names)].map((name) =>
      h('symbol', {
        id: `icon-${name}`,
        key: name,
        viewBox: '0 0 24 24',
        fill: 'none',
        stroke: 'currentColor',
        'stroke-width': 2,
        'stroke-linecap': 'round',
        'stroke-linejoin': 'round',
        dangerouslySetInnerHTML: { __html: drawingOf(name) },
      }),
    ),
  );
}

/** A decorative icon drawn from the page's IconSprite (which must hold `name`): same size and colour as Icon. */
export function SpriteIcon(props: { name: IconName }) {
  return h(
    'svg',
    { class: 'icon', width: 24, height: 24, focusable: 'false', 'aria-hidden': 'true' },
    h('use', { href: `#icon-${props.name}` }),
  );
}
