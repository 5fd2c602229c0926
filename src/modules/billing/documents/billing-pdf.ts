import type { PdfDocumentInput } from './billing-pdf-blocks.js';

export type { PdfBlock, PdfDocumentInput } from './billing-pdf-blocks.js';

/**
 * pdf-lib, fontkit, bidi-js and the fonts (some 30 MB resident) load with the first document asked
 * for, not when the server starts (issue 11: idle memory).
 */
export async function renderBillingPdf(input: PdfDocumentInput): Promise<{ bytes: Uint8Array; pages: number }> {
  const { writeBillingPdf } = await import('./billing-pdf-writer.js');
  return writeBillingPdf(input);
}
