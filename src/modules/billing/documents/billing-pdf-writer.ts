import { PDFDocument, rgb, type PDFPage } from 'pdf-lib';
import { cleanText, drawLine, embedUnicodeFonts, type FontFace, type UnicodeFonts } from '../../../platform/pdf/unicode-text.js';
import { MAX_BLOCKS, type PdfBlock, type PdfDocumentInput } from './billing-pdf-blocks.js';

/** Lays billing's documents out on A4 pages (see billing-pdf.ts); loaded only when one is printed. */
const PAGE = { width: 595.28, height: 841.89, margin: 42 };
const MAX_CHARS = 300;

export async function writeBillingPdf(input: PdfDocumentInput): Promise<{ bytes: Uint8Array; pages: number }> {
  const blocks = input.blocks.slice(0, MAX_BLOCKS);
  const allText = [input.title, input.footer, ...blocks.flatMap((b) => ('cells' in b ? b.cells : 'text' in b ? [b.text] : []))]
    .map((s) => s.slice(0, MAX_CHARS))
    .join(' ');
  const doc = await PDFDocument.create();
  const fonts = await embedUnicodeFonts(doc, allText);
  doc.setTitle(input.title);
  doc.setProducer('Carewell');
  doc.setCreator('Carewell');
  doc.setLanguage(input.locale);
  doc.setCreationDate(input.now);
  doc.setModificationDate(input.now);
  const writer = new Writer(doc, fonts, input);
  for (const block of blocks) writer.block(block);
  writer.finish();
  return { bytes: await doc.save(), pages: doc.getPageCount() };
}

class Writer {
  private page!: PDFPage;
  private y = 0;
  private readonly width = PAGE.width - 2 * PAGE.margin;
  private readonly pages: PDFPage[] = [];

  constructor(
    private readonly doc: PDFDocument,
    private readonly fonts: UnicodeFonts,
    private readonly input: PdfDocumentInput,
  ) {
    this.newPage();
  }

  private newPage() {
    this.page = this.doc.addPage([PAGE.width, PAGE.height]);
    this.pages.push(this.page);
    this.y = PAGE.height - PAGE.margin;
  }

  private need(height: number) {
    if (this.y - height < PAGE.margin + 24) this.newPage();
  }

  private put(text: string, face: FontFace, size: number, x = PAGE.margin, width = this.width, align?: 'left' | 'right') {
    const fitted = fit(text, size, width);
    drawLine(this.page, cleanText(fitted, face), {
      x,
      y: this.y,
      width,
      size,
      face,
      direction: this.input.direction,
      align,
      color: rgb(0, 0, 0),
    });
  }

  block(b: PdfBlock) {
    switch (b.kind) {
      case 'title':
        this.need(26);
        this.put(b.text, this.fonts.bold, 16);
        this.y -= 24;
        return;
      case 'heading':
        this.need(22);
        this.y -= 4;
        this.put(b.text, this.fonts.bold, 11);
        this.y -= 16;
        return;
      case 'text': {
        const size = b.small ? 8 : 10;
        this.need(size + 4);
        this.put(b.text, b.bold ? this.fonts.bold : this.fonts.regular, size);
        this.y -= size + 4;
        return;
      }
      case 'row':
        this.need(14);
        this.row(b.cells, b.bold ?? false);
        this.y -= 14;
        return;
      case 'rule':
        this.need(8);
        this.page.drawLine({
          start: { x: PAGE.margin, y: this.y + 8 },
          end: { x: PAGE.margin + this.width, y: this.y + 8 },
          thickness: 0.5,
          color: rgb(0.5, 0.5, 0.5),
        });
        this.y -= 4;
        return;
      case 'gap':
        this.y -= 8;
        return;
    }
  }

  private row(cells: string[], bold: boolean) {
    const { columns, amountColumns, direction } = this.input;
    const sum = columns.reduce((a, c) => a + c, 0);
    const widths = columns.map((c) => (c / sum) * this.width);
    let offset = 0;
    cells.slice(0, columns.length).forEach((cell, i) => {
      const w = widths[i]!;
      // Columns run from the reading direction's start edge: mirrored for right to left.
      const x = direction === 'rtl' ? PAGE.margin + this.width - offset - w : PAGE.margin + offset;
      const amount = i >= columns.length - amountColumns;
      const align = amount ? (direction === 'rtl' ? 'left' : 'right') : undefined;
      this.put(cell, bold ? this.fonts.bold : this.fonts.regular, 9, x + 2, w - 4, align);
      offset += w;
    });
  }

  finish() {
    this.pages.forEach((page, i) => {
      this.page = page;
      this.y = PAGE.margin - 6;
      this.put(`${this.input.footer} · ${i + 1}/${this.pages.length}`, this.fonts.regular, 7);
    });
  }
}

/** Cuts a text to what roughly fits a width at a size (an average glyph is about half the size wide). */
function fit(text: string, size: number, width: number): string {
  const max = Math.max(4, Math.floor(width / (size * 0.5)));
  const clipped = text.slice(0, MAX_CHARS);
  return clipped.length > max ? `${clipped.slice(0, max - 1)}…` : clipped;
}
