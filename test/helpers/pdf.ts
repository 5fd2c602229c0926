import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

interface TextItem {
  str: string;
  dir: string;
  transform: number[];
}

/**
 * The text of a PDF as a reader's copy would give it, extracted with pdf.js: one string per drawn
 * line (items on the same baseline, left to right; pdf.js returns right-to-left items in logical
 * order), lines top to bottom, pages in order.
 */
export async function pdfText(bytes: Uint8Array): Promise<{ pages: number; title: string | undefined; text: string; lines: string[] }> {
  const pdf = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false }).promise;
  const lines: string[] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const content = await (await pdf.getPage(n)).getTextContent();
    const byLine = new Map<number, TextItem[]>();
    for (const item of content.items as TextItem[]) {
      if (!('str' in item) || item.str === '') continue;
      const y = Math.round(item.transform[5]!);
      byLine.set(y, [...(byLine.get(y) ?? []), item]);
    }
    for (const y of [...byLine.keys()].sort((a, b) => b - a)) {
      const items = byLine.get(y)!.sort((a, b) => a.transform[4]! - b.transform[4]!);
      lines.push(items.map((i) => i.str).join(''));
    }
  }
  const info = (await pdf.getMetadata()).info as { Title?: string };
  await pdf.destroy();
  return { pages: pdf.numPages, title: info.Title, text: lines.join('\n'), lines };
}
