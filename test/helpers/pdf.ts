import { decodePDFRawStream, PDFDocument, PDFRawStream } from 'pdf-lib';

/** The text drawn on the pages: standard-font strings are hex in the (deflated) content streams. */
export async function pdfText(bytes: Uint8Array): Promise<{ pages: number; title: string | undefined; text: string }> {
  const doc = await PDFDocument.load(bytes);
  let text = '';
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFRawStream)) continue;
    const content = Buffer.from(decodePDFRawStream(object).decode()).toString('latin1');
    for (const m of content.matchAll(/<([0-9A-Fa-f]+)>\s*Tj/g)) text += `${Buffer.from(m[1]!, 'hex').toString('latin1')}\n`;
  }
  return { pages: doc.getPageCount(), title: doc.getTitle(), text };
}
