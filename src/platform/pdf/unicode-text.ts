import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import fontkit from '@pdf-lib/fontkit';
import * as bidiModule from 'bidi-js';
import type { Bidi } from 'bidi-js';
import { PDFHexString, type Color, type PDFDocument, type PDFFont, type PDFPage } from 'pdf-lib';

/**
 * Text in any script the hospital's people write their names in, for PDFs made with pdf-lib.
 *
 * - Fonts: IBM Plex Sans Arabic (Arabic and Latin) and, only when the text needs it, Noto Sans
 *   (Greek, Cyrillic, Vietnamese …), both SIL Open Font License 1.1, from the
 *   `@expo-google-fonts/*` packages (see docs/third-party-fonts.md), embedded through
 *   `@pdf-lib/fontkit`. Not subset: pdf-lib 1.17's subsetter drops glyphs (verified by rendering),
 *   so a font is embedded only when the document uses it (about 200 kB per Plex face).
 *   Plex draws each Arabic letter form as one glyph; fonts that compose the dots as separate
 *   glyphs (Noto Sans Arabic) cannot map glyphs back to letters, and copied text would be wrong.
 * - Shaping: fontkit lays each run out with the font's OpenType features (GSUB: Arabic joining
 *   forms and ligatures), which pdf-lib applies when it encodes the text.
 * - Order: `bidi-js` (the Unicode Bidirectional Algorithm) resolves each line's embedding levels, the
 *   visual order of its runs and mirrored brackets; fontkit reverses an Arabic run's glyphs itself,
 *   so such a run is handed to it in logical order.
 *
 * The ToUnicode map pdf-lib writes keeps each glyph's characters, so extracted text comes out as the
 * logical string (tested with pdfjs).
 */

export type Direction = 'ltr' | 'rtl';

/** One weight: the main font and, when the document needs it, the fallback for other scripts. */
export interface FontFace {
  main: PDFFont;
  fallback: PDFFont | null;
}

export interface UnicodeFonts {
  regular: FontFace;
  bold: FontFace;
}

interface FontFile {
  bytes: Uint8Array;
  covers: (codePoint: number) => boolean;
}

const resolveFrom = createRequire(import.meta.url);
const FILES = {
  mainRegular: '@expo-google-fonts/ibm-plex-sans-arabic/400Regular/IBMPlexSansArabic_400Regular.ttf',
  mainBold: '@expo-google-fonts/ibm-plex-sans-arabic/700Bold/IBMPlexSansArabic_700Bold.ttf',
  fallbackRegular: '@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf',
  fallbackBold: '@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf',
} as const;

const loaded = new Map<string, FontFile>();

/** Reads a font file once per process (a worker thread reads its own). */
function fontFile(name: keyof typeof FILES): FontFile {
  let file = loaded.get(name);
  if (!file) {
    const bytes = new Uint8Array(readFileSync(resolveFrom.resolve(FILES[name])));
    const font = fontkit.create(bytes);
    const coverage = new Map<number, boolean>();
    file = {
      bytes,
      covers: (cp) => {
        let has = coverage.get(cp);
        if (has === undefined) coverage.set(cp, (has = font.hasGlyphForCodePoint(cp)));
        return has;
      },
    };
    loaded.set(name, file);
  }
  return file;
}

const coverageByFont = new WeakMap<PDFFont, (codePoint: number) => boolean>();

/**
 * Embeds the regular and bold faces; the fallback font only when `text` (everything the document
 * will draw) has a character the main font lacks and the fallback has.
 */
export async function embedUnicodeFonts(doc: PDFDocument, text: string): Promise<UnicodeFonts> {
  doc.registerFontkit(fontkit);
  const main = fontFile('mainRegular');
  const fallback = fontFile('fallbackRegular');
  let needsFallback = false;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp > 0x7f && !main.covers(cp) && fallback.covers(cp)) {
      needsFallback = true;
      break;
    }
  }
  const embed = async (name: keyof typeof FILES) => {
    const file = fontFile(name);
    // Optional ligatures are left out (copied text stays letter by letter). Plex's required
    // ligatures (rlig: lam-alef, and ب+ي, ف+ي …) stay for correct print; pdf.js's extraction
    // reverses the two letters of such a glyph in right-to-left text (a known reader limitation).
    const font = await doc.embedFont(file.bytes, { subset: false, features: { liga: false, dlig: false } });
    coverageByFont.set(font, file.covers);
    skipShapingWhenNotNeeded(font);
    return font;
  };
  return {
    regular: { main: await embed('mainRegular'), fallback: needsFallback ? await embed('fallbackRegular') : null },
    bold: { main: await embed('mainBold'), fallback: needsFallback ? await embed('fallbackBold') : null },
  };
}

// bidi-js is CommonJS typed as an ES module: its factory is the namespace's default in Node and in bundles.
/** Text that needs OpenType shaping: Arabic script, or combining marks. */
const NEEDS_SHAPING = /[\u0300-\u036F\u0600-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]/;

interface Embedder {
  font: { glyphsForString(text: string): { id: number; advanceWidth: number }[] };
  scale: number;
  encodeText(text: string): PDFHexString;
  widthOfTextAtSize(text: string, size: number): number;
}

/**
 * pdf-lib runs fontkit's full layout for every string it encodes or measures (about a millisecond
 * a line); it draws glyph ids only, without the layout's positions. Text that needs no shaping
 * maps through the font's cmap instead, which is what the layout would give without kerning, and
 * ten times faster. (pdf-lib 1.17's CustomFontEmbedder, pinned; the ToUnicode map does not
 * depend on these calls.)
 */
function skipShapingWhenNotNeeded(font: PDFFont): void {
  const embedder = (font as unknown as { embedder: Embedder }).embedder;
  const encode = embedder.encodeText.bind(embedder);
  const width = embedder.widthOfTextAtSize.bind(embedder);
  embedder.encodeText = (text) =>
    NEEDS_SHAPING.test(text)
      ? encode(text)
      : PDFHexString.of(
          embedder.font
            .glyphsForString(text)
            .map((g) => g.id.toString(16).padStart(4, '0'))
            .join(''),
        );
  embedder.widthOfTextAtSize = (text, size) => {
    if (NEEDS_SHAPING.test(text)) return width(text, size);
    let total = 0;
    for (const g of embedder.font.glyphsForString(text)) total += g.advanceWidth * embedder.scale;
    return (total * size) / 1000;
  };
}

const bidi = (bidiModule as unknown as { default: () => Bidi }).default();
/** Strong right-to-left characters (Hebrew, Arabic, Syriac, Thaana, NKo … and their presentation forms). */
const RIGHT_TO_LEFT = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/;
const ARABIC_SCRIPT = /\p{Script=Arabic}/u;
const LETTER_OR_ARABIC = /[\p{L}\p{Script=Arabic}]/u;
const OTHER_SCRIPT_LETTER = /(?![\p{Script=Latin}\p{Script=Arabic}])\p{L}/u;

/** Control characters become spaces; characters no face can draw become "?". */
export function cleanText(text: string, face: FontFace): string {
  const main = coverageByFont.get(face.main);
  const fallback = face.fallback ? coverageByFont.get(face.fallback) : undefined;
  let out = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp < 32 || (cp >= 0x7f && cp < 0xa0)) out += ' ';
    else if (main?.(cp) || fallback?.(cp)) out += ch;
    else out += '?';
  }
  return out;
}

export interface Run {
  text: string;
  font: PDFFont;
}

/**
 * The line as runs in visual order, left to right, each with its font. `text` must already be
 * clean (see cleanText). fontkit picks a run's script from its first letter and reverses an Arabic
 * run: such a run is given in logical order.
 */
export function layoutLine(text: string, face: FontFace, direction: Direction): Run[] {
  if (!text) return [];
  // Most lines are left-to-right text in the main font: one run, no reordering to work out.
  if (direction === 'ltr' && !RIGHT_TO_LEFT.test(text) && !face.fallback) return [{ text, font: face.main }];
  const embedding = bidi.getEmbeddingLevels(text, direction);
  const { levels } = embedding;
  const mirrored = bidi.getMirroredCharactersMap(text, levels);
  // Visual order of the logical indices (bidi-js works on UTF-16 code units).
  const order = Array.from({ length: text.length }, (_, i) => i);
  for (const [start = 0, end = -1] of bidi.getReorderSegments(text, embedding)) {
    const slice = order.slice(start, end + 1).reverse();
    order.splice(start, slice.length, ...slice);
  }
  const mainCovers = coverageByFont.get(face.main);
  const fallbackCovers = face.fallback ? coverageByFont.get(face.fallback) : undefined;
  // Letters of other scripts (Greek, Cyrillic …) all come from the fallback, so a word is one font.
  const fontAt = (i: number): PDFFont => {
    const ch = text[i]!;
    const cp = ch.charCodeAt(0);
    if (!face.fallback || !fallbackCovers?.(cp)) return face.main;
    return !mainCovers?.(cp) || OTHER_SCRIPT_LETTER.test(ch) ? face.fallback : face.main;
  };
  const runs: Run[] = [];
  let chars: string[] = [];
  let font: PDFFont | null = null;
  let level = -1;
  const flush = () => {
    if (chars.length === 0 || !font) return;
    const first = chars.find((c) => LETTER_OR_ARABIC.test(c));
    const reversedByFontkit = first !== undefined && ARABIC_SCRIPT.test(first);
    runs.push({ text: reversedByFontkit ? [...chars].reverse().join('') : chars.join(''), font });
    chars = [];
  };
  for (const i of order) {
    const f = fontAt(i);
    if (f !== font || levels[i] !== level) {
      flush();
      font = f;
      level = levels[i]!;
    }
    // A bracket in right-to-left text is drawn with its mirror glyph (fontkit does not mirror).
    chars.push(mirrored.get(i) ?? text[i]!);
  }
  flush();
  return runs;
}

/** Width of a clean line at the size (shaped, as drawn). */
export function lineWidth(text: string, face: FontFace, size: number, direction: Direction): number {
  return layoutLine(text, face, direction).reduce((sum, r) => sum + r.font.widthOfTextAtSize(r.text, size), 0);
}

export interface DrawOptions {
  /** Which edge of the box the line starts from; by default the direction's start edge. */
  align?: 'left' | 'right';
  /** Left edge of the text box. */
  x: number;
  y: number;
  /** Width of the text box: a right-to-left line is aligned to its right edge. */
  width: number;
  size: number;
  face: FontFace;
  direction: Direction;
  color?: Color;
}

/** Draws one clean line, runs left to right. */
export function drawLine(page: PDFPage, text: string, o: DrawOptions): void {
  const runs = layoutLine(text, o.face, o.direction);
  const alignRight = (o.align ?? (o.direction === 'rtl' ? 'right' : 'left')) === 'right';
  // A single left-aligned run needs no measuring (the common case, and half the layout work).
  if (runs.length === 1 && !alignRight) {
    page.drawText(runs[0]!.text, { x: o.x, y: o.y, size: o.size, font: runs[0]!.font, ...(o.color ? { color: o.color } : {}) });
    return;
  }
  const widths = runs.map((r) => r.font.widthOfTextAtSize(r.text, o.size));
  const total = widths.reduce((a, b) => a + b, 0);
  let x = alignRight ? o.x + o.width - total : o.x;
  runs.forEach((r, i) => {
    page.drawText(r.text, { x, y: o.y, size: o.size, font: r.font, ...(o.color ? { color: o.color } : {}) });
    x += widths[i]!;
  });
}
