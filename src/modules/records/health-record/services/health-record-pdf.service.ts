import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { formatDate, translator, type Translate } from '../../../../platform/i18n/i18n.js';
import type { HealthRecord } from './health-record.service.js';

/**
 * Lays the health record out as a PDF with pdf-lib: an A4 page per screenful, a header on every
 * page (name, MRN, date of the export), sections with headings, wrapped lines, page numbers.
 *
 * The PDF uses the standard Helvetica font (WinAnsi): characters it cannot encode are written as
 * "?"; the Arabic interface exports with English headings for the same reason (no font embedding
 * package is installed).
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
}

// eslint-disable-next-line max-lines-per-function -- not yet split by use case (issue 9 follow-up)
export async function buildHealthRecordPdf(record: HealthRecord, options: PdfOptions): Promise<{ bytes: Uint8Array; pages: number }> {
  const locale = options.locale === 'ar' ? 'en' : options.locale;
  const t = options.locale === 'ar' ? translator('en') : options.t;
  const doc = await PDFDocument.create();
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const p = record.patient;
  const name = `${p.givenName} ${p.familyName}`;
  const exportedOn = formatDate(locale, options.now, options.timeZone);
  doc.setTitle(`${t('records.hr_pdf_title')} — ${p.mrn}`);
  doc.setSubject(`MRN ${p.mrn}`);
  doc.setProducer('Carewell');
  doc.setCreator('Carewell');
  doc.setCreationDate(options.now);
  doc.setModificationDate(options.now);

  const safe = makeSanitizer(regular);
  let page!: PDFPage;
  let y = 0;

  const newPage = () => {
    page = doc.addPage([PAGE.width, PAGE.height]);
    y = PAGE.height - PAGE.margin;
    page.drawText(safe(t('records.hr_pdf_title')), { x: PAGE.margin, y, size: SIZE.title, font: bold });
    y -= LINE + 4;
    page.drawText(safe(`${name}   ${t('records.hr_pdf_mrn')}: ${p.mrn}   ${t('records.hr_pdf_birth_date')}: ${p.birthDate}`), {
      x: PAGE.margin,
      y,
      size: SIZE.body,
      font: regular,
    });
    y -= LINE;
    page.drawText(safe(`${t('records.hr_pdf_exported')}: ${exportedOn}`), {
      x: PAGE.margin,
      y,
      size: SIZE.small,
      font: regular,
      color: rgb(0.3, 0.3, 0.3),
    });
    y -= 8;
    page.drawLine({ start: { x: PAGE.margin, y }, end: { x: PAGE.width - PAGE.margin, y }, thickness: 0.5, color: rgb(0.5, 0.5, 0.5) });
    y -= LINE + 4;
  };
  const ensure = (height: number) => {
    if (y - height < PAGE.margin + LINE) newPage();
  };
  let linesLeft = MAX_LINES;
  let truncated = false;
  const drawLine = (line: string, font: PDFFont, size: number, indent: number) => {
    ensure(LINE);
    page.drawText(line, { x: PAGE.margin + indent, y, size, font });
    y -= LINE;
    linesLeft -= 1;
  };
  const write = (text: string, font: PDFFont = regular, size = SIZE.body, indent = 0) => {
    if (truncated) return;
    // One line is kept for the closing note; an entry may take at most MAX_LINES_PER_ENTRY lines.
    const budget = Math.min(MAX_LINES_PER_ENTRY, linesLeft - 1);
    const width = PAGE.width - 2 * PAGE.margin - indent;
    // Only the text that can fit the budget is sanitised and measured (a 200,000-character note costs no more than a short one).
    const readable = Math.ceil((budget * width) / (size * MIN_CHAR_WIDTH_PER_PT)) + 1;
    const { lines, complete } = wrap(safe(text.length > readable ? text.slice(0, readable) : text), font, size, width, budget);
    for (const line of lines) drawLine(line, font, size, indent);
    if (complete && text.length <= readable) return;
    // The notes are short fixed sentences: wrapped without a budget, they add a line or two at most.
    const note = (key: string, noteFont: PDFFont, noteSize: number, noteIndent: number) => {
      for (const line of wrap(safe(t(key)), noteFont, noteSize, PAGE.width - 2 * PAGE.margin - noteIndent).lines)
        drawLine(line, noteFont, noteSize, noteIndent);
    };
    if (linesLeft <= 1) {
      truncated = true;
      note('records.hr_pdf_truncated', bold, SIZE.body, 0);
    } else {
      note('records.hr_pdf_entry_shortened', regular, SIZE.small, indent);
    }
  };
  const section = (title: string, lines: string[] | null) => {
    ensure(LINE * 3);
    y -= 4;
    write(title, bold, SIZE.heading);
    if (lines === null) write(t('records.chart_not_available'), regular, SIZE.body, 10);
    else if (lines.length === 0) write(t('records.hr_none'), regular, SIZE.body, 10);
    else for (const l of lines) write(`• ${l}`, regular, SIZE.body, 10);
    y -= 6;
  };
  const date = (v: Date | string | null | undefined) => (v ? formatDate(locale, v, options.timeZone) : '—');

  newPage();
  const problems =
    record.problems ??
    record.conditions
      .filter((c) => c.status === 'active')
      .map((c) => ({ code: c.icd10Code, description: c.description, since: c.onsetDate }));
  section(
    t('records.hr_problems'),
    problems.map((x) => [x.code, x.description, x.since ? `(${t('records.hr_since')} ${date(x.since)})` : null].filter(Boolean).join(' ')),
  );
  section(t('records.hr_diagnoses'), record.diagnoses && record.diagnoses.map((d) => `${d.code} ${d.description} — ${date(d.recordedAt)}`));
  section(
    t('records.hr_allergies'),
    record.allergies.filter((a) => a.status === 'active').map((a) => [a.substance, a.reaction].filter(Boolean).join(': ')),
  );
  section(
    t('records.hr_summaries'),
    record.summaries &&
      record.summaries.flatMap((s) => [
        `${date(s.sharedAt)} — ${s.clinicianName ?? ''}`,
        ...(s.summary ? [`${t('records.hr_summary')}: ${s.summary}`] : []),
        ...(s.instructions ? [`${t('records.hr_instructions')}: ${s.instructions}`] : []),
      ]),
  );
  section(
    t('records.hr_care_plans'),
    record.carePlans &&
      record.carePlans.map((c) => `${c.title} (${c.goalsMet}/${c.goalsTotal}) — ${t('records.hr_next_review')}: ${date(c.nextReviewAt)}`),
  );
  section(t('records.hr_documents'), record.documents && record.documents.map((d) => `${d.title} — ${d.category} — ${date(d.uploadedAt)}`));

  const pages = doc.getPages();
  pages.forEach((pg, i) => {
    const label = `${i + 1} / ${pages.length}   ${p.mrn}`;
    pg.drawText(label, {
      x: PAGE.width - PAGE.margin - regular.widthOfTextAtSize(label, SIZE.small),
      y: PAGE.margin / 2,
      size: SIZE.small,
      font: regular,
    });
  });
  return { bytes: await doc.save(), pages: pages.length };
}

/** Replaces characters the standard font cannot encode (and control characters) with "?". */
function makeSanitizer(font: PDFFont): (text: string) => string {
  const cache = new Map<string, string>();
  return (text) =>
    Array.from(text.replace(/[\r\n\t]+/g, ' '))
      .map((ch) => {
        let out = cache.get(ch);
        if (out === undefined) {
          try {
            font.encodeText(ch);
            out = ch.charCodeAt(0) < 32 ? '?' : ch;
          } catch {
            out = '?';
          }
          cache.set(ch, out);
        }
        return out;
      })
      .join('');
}

/**
 * Greedy word wrap to the width, linear in the text: each character's width is looked up once
 * (cached per font and size), and a word longer than a line is cut where the running width of its
 * characters reaches the edge. Widths are summed glyph by glyph, which is what drawText renders
 * (pdf-lib draws without kerning). Stops after `maxLines`; `complete` says whether all text fit.
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
