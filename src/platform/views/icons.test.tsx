import { h } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { describe, expect, it } from 'vitest';
import { Icon, ICON_NAMES, IconSprite } from './icons.js';

describe('icons', () => {
  it('draw every icon inside its svg, the same on every render', () => {
    for (const name of ICON_NAMES) {
      const first = renderToString(h(Icon, { name }));
      expect(first).toMatch(/^<svg class="icon" [^>]*aria-hidden="true"[^>]*>.*<(path|circle|line|rect|polyline)\b.*<\/svg>$/);
      expect(renderToString(h(Icon, { name }))).toBe(first);
    }
  });

  it('escape a label and add the class, around the same drawing', () => {
    const labelled = renderToString(h(Icon, { name: 'bell', label: 'New "alerts" <3', class: 'big' }));
    expect(labelled).toContain('class="icon big"');
    expect(labelled).toContain('role="img"');
    expect(labelled).toContain('aria-label="New &quot;alerts&quot; &lt;3"');
    expect(labelled).not.toContain('aria-hidden');
    const plain = renderToString(h(Icon, { name: 'bell' }));
    const drawing = (html: string) => html.slice(html.indexOf('>') + 1);
    expect(drawing(labelled)).toBe(drawing(plain));
  });

  it('put the same drawing in the sprite, once per name', () => {
    const sprite = renderToString(h(IconSprite, { names: ['bell', 'check', 'bell'] }));
    const bell = renderToString(h(Icon, { name: 'bell' }));
    const drawing = bell.slice(bell.indexOf('>') + 1, -'</svg>'.length);
    expect(sprite.split('<symbol').length - 1).toBe(2);
    expect(sprite).toContain(
      `<symbol id="icon-bell" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">${drawing}</symbol>`,
    );
  });
});
