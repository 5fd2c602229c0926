import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { direction as directionOf, formatDate, type Translate } from '../../../../platform/i18n/i18n.js';
import {
  cleanText,
  drawLine,
  embedUnicodeFonts,
  type Direction,
  type FontFace,
  type UnicodeFonts,
} from '../../../../platform/pdf/unicode-text.js';
import type { HealthRecord } from './health-record.service.js';

/**
 * Lays the health record out as a PDF with pdf-lib: an A4 page per screenful, a header on every
 * page (the patient's name, MRN and date of birth, and who printed it when, in the reader's named
 * time zone), sections with headings, wrapped lines, page numbers.
 *
 * Text is drawn with embedded Unicode fonts, shaped and in bidirectional order (see
 * platform/pdf/unicode-text.ts): Arabic names are joined and right to left, and the Arabic
 * interface exports in Arabic, laid out right to left.
 */
const PAGE = { width: 595.28, height: 841.89, margin: 50 };
const SIZE = { title: 16, heading: 12, body: 10, small: 8 };
const LINE = 14;
/**
 * Work per document is bounded: an entry (a summary, a title) shows at most this many lines, then a
 * note that the full text is in Carewell; the document stops after MAX_LINES with a closing note.
 * About 50 lines fit a page, so an export is at most ~40 pages whatever the record holds.
 */
export const MAX_LINES_PER_ENTRY = 80;
export const MAX_LINES = 2_000;
/** No character of the standard fonts is narrower than this at 1 pt: bounds the text worth reading per line. */
const MIN_CHAR_WIDTH_PER_PT = 0.15;

export interface PdfOptions {
  t: Translate;
  locale: string;
  timeZone: string;
  now: Date;
  /** Who printed it (shown on every page). */
  printedBy: string;
}

export async function buildHealthRecordPdf(record: HealthRecord, options: PdfOptions): Promise<{ bytes: Uint8Array; pages: number }> {
  const { locale, t } = options;
  const dir = directionOf(locale);
  const doc = await PDFDocument.create();
  const p = record.patient;
  const header = {
    title: t('records.hr_pdf_title'),
    name: `${p.givenName} ${p.familyName}`,
    ids: `${t('records.hr_pdf_mrn')}: ${p.mrn} · ${t('records.hr_pdf_birth_date')}: ${p.birthDate ? formatDate(locale, p.birthDate) : '—'}`,
    printed: t('records.hr_pdf_printed', {
      // formatDate with a time names the zone itself.
      when: formatDate(locale, options.now, options.timeZone, true),
      who: options.printedBy,
    }),
  };
  // Everything the document may draw decides which fonts it embeds (a long note is cut at the budget anyway).
  const fonts = await embedUnicodeFonts(doc, `${Object.values(header).join(' ')} ${JSON.stringify(record).slice(0, 400_000)}`);
  doc.setTitle(`${t('records.hr_pdf_title')} — ${p.mrn}`);
  doc.setSubject(`MRN ${p.mrn}`);
  doc.setProducer('Carewell');
  doc.setCreator('Carewell');
  doc.setLanguage(locale);
  doc.setCreationDate(options.now);
  doc.setModificationDate(options.now);

  const writer = new PdfWriter(doc, fonts, header, t, dir);
  writer.newPage();
  writeSections(writer, record, t, (v) => (v ? formatDate(locale, v, options.timeZone) : '—'));
  const pages = numberPages(doc, fonts.regular, p.mrn, dir);
  return { bytes: await doc.save(), pages };
}

/** The record's sections, in the order of the health record page. */
function writeSections(w: PdfWriter, record: HealthRecord, t: Translate, date: (v: Date | string | null | undefined) => string): void {
  const problems =
    record.problems ??
    record.conditions
      .filter((c) => c.status === 'active')
      .map((c) => ({ code: c.icd10Code, description: c.description, since: c.onsetDate }));
  w.section(
    t('records.hr_problems'),
    problems.map((x) => [x.code, x.description, x.since ? `(${t('records.hr_since')} ${date(x.since)})` : null].filter(Boolean).join(' ')),
  );
  w.section(
    t('records.hr_diagnoses'),
    record.diagnoses && record.diagnoses.map((d) => `${d.code} ${d.description} — ${date(d.recordedAt)}`),
  );
  w.section(
    t('records.hr_allergies'),
    record.allergies.filter((a) => a.status === 'active').map((a) => [a.substance, a.reaction].filter(Boolean).join(': ')),
  );
  w.section(
    t('records.hr_summaries'),
    record.summaries &&
      record.summaries.flatMap((s) => [
        `${date(s.sharedAt)} — ${s.clinicianName ?? ''}`,
        ...(s.summary ? [`${t('records.hr_summary')}: ${s.summary}`] : []),
        ...(s.instructions ? [`${t('records.hr_instructions')}: ${s.instructions}`] : []),
      ]),
  );
  w.section(
    t('records.hr_care_plans'),
    record.carePlans &&
      record.carePlans.map((c) => `${c.title} (${c.goalsMet}/${c.goalsTotal}) — ${t('records.hr_next_review')}: ${date(c.nextReviewAt)}`),
  );
  w.section(
    t('records.hr_documents'),
    record.documents && record.documents.map((d) => `${d.title} — ${t(`records.doc_category_${d.category}`)} — ${date(d.uploadedAt)}`),
  );
}

/** "page / pages   MRN" at the foot of every page (the outer corner); returns the page count. */
function numberPages(doc: PDFDocument, face: FontFace, mrn: string, dir: Direction): number {
  const pages = doc.getPages();
  pages.forEach((pg, i) => {
    const label = cleanText(`${i + 1} / ${pages.length}   ${mrn}`, face);
    const width = PAGE.width - 2 * PAGE.margin;
    drawLine(pg, label, {
      x: PAGE.margin,
      y: PAGE.margin / 2,
      width,
      size: SIZE.small,
      face,
      direction: 'ltr',
      align: dir === 'rtl' ? 'left' : 'right',
    });
  });
  return pages.length;
}

/**
 * Writes lines top to bottom across pages, with the header on each new page, and keeps the work
 * bounded: MAX_LINES_PER_ENTRY per entry and MAX_LINES per document.
 */
class PdfWriter {
  private page!: PDFPage;
  private y = 0;
  private linesLeft = MAX_LINES;
  private truncated = false;

  constructor(
    private readonly doc: PDFDocument,
    private readonly fonts: UnicodeFonts,
    private readonly header: { title: string; name: string; ids: string; printed: string },
    private readonly t: Translate,
    private readonly dir: Direction,
  ) {}

  private safe(text: string): string {
    return cleanText(text, this.fonts.regular);
  }

  /** Draws one line in the reading direction, `indent` from the line's start edge. */
  private put(text: string, face: FontFace, size: number, indent = 0, color = rgb(0, 0, 0)): void {
    const width = PAGE.width - 2 * PAGE.margin - indent;
    const x = this.dir === 'rtl' ? PAGE.margin : PAGE.margin + indent;
    drawLine(this.page, text, { x, y: this.y, width, size, face, direction: this.dir, color });
  }

  /** Every page names the patient (name, MRN, date of birth) and who printed it when. */
  newPage(): void {
    const { regular, bold } = this.fonts;
    this.page = this.doc.addPage([PAGE.width, PAGE.height]);
    this.y = PAGE.height - PAGE.margin;
    this.put(this.safe(this.header.title), bold, SIZE.title);
    this.y -= LINE + 4;
    this.put(this.safe(this.header.name), bold, SIZE.heading);
    this.y -= LINE;
    this.put(this.safe(this.header.ids), regular, SIZE.body);
    this.y -= LINE;
    this.put(this.safe(this.header.printed), regular, SIZE.small, 0, rgb(0.3, 0.3, 0.3));
    this.y -= 8;
    this.page.drawLine({
      start: { x: PAGE.margin, y: this.y },
      end: { x: PAGE.width - PAGE.margin, y: this.y },
      thickness: 0.5,
      color: rgb(0.5, 0.5, 0.5),
    });
    this.y -= LINE + 4;
  }

  /** A heading and its lines ("not available" for a section the reader may not see, "none" when empty). */
  section(title: string, lines: string[] | null): void {
    this.ensure(LINE * 3);
    this.y -= 4;
    this.write(title, this.fonts.bold, SIZE.heading);
    if (lines === null) this.write(this.t('records.chart_not_available'), this.fonts.regular, SIZE.body, 10);
    else if (lines.length === 0) this.write(this.t('records.hr_none'), this.fonts.regular, SIZE.body, 10);
    else for (const l of lines) this.write(`• ${l}`, this.fonts.regular, SIZE.body, 10);
    this.y -= 6;
  }

  private ensure(height: number): void {
    if (this.y - height < PAGE.margin + LINE) this.newPage();
  }

  private drawLine(line: string, face: FontFace, size: number, indent: number): void {
    this.ensure(LINE);
    this.put(line, face, size, indent);
    this.y -= LINE;
    this.linesLeft -= 1;
  }

  private write(text: string, face: FontFace, size: number, indent = 0): void {
    if (this.truncated) return;
    // One line is kept for the closing note; an entry may take at most MAX_LINES_PER_ENTRY lines.
    const budget = Math.min(MAX_LINES_PER_ENTRY, this.linesLeft - 1);
    const width = PAGE.width - 2 * PAGE.margin - indent;
    // Only the text that can fit the budget is cleaned and measured (a 200,000-character note costs no more than a short one).
    const readable = Math.ceil((budget * width) / (size * MIN_CHAR_WIDTH_PER_PT)) + 1;
    const { lines, complete } = wrap(this.safe(text.length > readable ? text.slice(0, readable) : text), face.main, size, width, budget);
    for (const line of lines) this.drawLine(line, face, size, indent);
    if (complete && text.length <= readable) return;
    if (this.linesLeft <= 1) {
      this.truncated = true;
      this.note('records.hr_pdf_truncated', this.fonts.bold, SIZE.body, 0);
    } else {
      this.note('records.hr_pdf_entry_shortened', this.fonts.regular, SIZE.small, indent);
    }
  }

  /** The notes are short fixed sentences: wrapped without a budget, they add a line or two at most. */
  private note(key: string, face: FontFace, size: number, indent: number): void {
    for (const line of wrap(this.safe(this.t(key)), face.main, size, PAGE.width - 2 * PAGE.margin - indent).lines)
      this.drawLine(line, face, size, indent);
  }
}

/**
 * Greedy word wrap to the width, linear in the text: each character's width is looked up once
 * (cached per font and size), and a word longer than a line is cut where the running width of its
 * characters reaches the edge. Widths are summed glyph by glyph, which is what drawText renders
 * (the line is shaped when drawn; joined Arabic forms are no wider than isolated ones). Stops after `maxLines`; `complete` says whether all text fit.
 */
export function wrap(
  text: string,
  font: PDFFont,
  size: number,
  width: number,
  maxLines = Number.POSITIVE_INFINITY,
): { lines: string[]; complete: boolean } {
  const widthOf = charWidths(font, size);
  const space = widthOf(' ');
  const lines: string[] = [];
  let current = '';
  let currentWidth = 0;
  /** Adds a line unless the budget is spent (then the caller stops: the text did not all fit). */
  const emit = (line: string) => {
    if (lines.length >= maxLines) return false;
    lines.push(line);
    return true;
  };
  for (const word of text.split(/\s+/)) {
    if (!word) continue;
    let wordWidth = 0;
    for (const ch of word) wordWidth += widthOf(ch);
    if (current && currentWidth + space + wordWidth <= width) {
      current += ` ${word}`;
      currentWidth += space + wordWidth;
      continue;
    }
    if (current && !emit(current)) return { lines, complete: false };
    if (wordWidth <= width) {
      current = word;
      currentWidth = wordWidth;
      continue;
    }
    let piece = '';
    let pieceWidth = 0;
    for (const ch of word) {
      const w = widthOf(ch);
      if (piece && pieceWidth + w > width) {
        if (!emit(piece)) return { lines, complete: false };
        piece = '';
        pieceWidth = 0;
      }
      piece += ch;
      pieceWidth += w;
    }
    current = piece;
    currentWidth = pieceWidth;
  }
  if (current && !emit(current)) return { lines, complete: false };
  return { lines: lines.length > 0 ? lines : [''], complete: true };
}

const widthCaches = new WeakMap<PDFFont, Map<number, Map<string, number>>>();

function charWidths(font: PDFFont, size: number): (ch: string) => number {
  let bySize = widthCaches.get(font);
  if (!bySize) widthCaches.set(font, (bySize = new Map<number, Map<string, number>>()));
  let cache = bySize.get(size);
  if (!cache) bySize.set(size, (cache = new Map<string, number>()));
  const widths = cache;
  return (ch) => {
    let w = widths.get(ch);
    if (w === undefined) {
      w = font.widthOfTextAtSize(ch, size);
      widths.set(ch, w);
    }
    return w;
  };
}
