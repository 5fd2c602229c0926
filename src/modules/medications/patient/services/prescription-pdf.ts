import { PDFDocument, rgb } from 'pdf-lib';
import { direction as directionOf, type Translate } from '../../../../platform/i18n/i18n.js';
import { cleanText, drawLine, embedUnicodeFonts, type FontFace } from '../../../../platform/pdf/unicode-text.js';
import { formatZonedDateTime } from '../../../../platform/views/format.js';
import type { PageContext } from '../../../../platform/views/page-context.js';
import { formatDose, formatFrequency } from '../../views/prescription-format.js';
import type { MyMedicineDto } from '../patient-medicines.schemas.js';

/**
 * One prescription on one A4 page, laid out with pdf-lib and the platform's Unicode text
 * (platform/pdf/unicode-text.ts: embedded fonts, shaping and bidirectional order, so Arabic names
 * and the Arabic interface print correctly), with its verification code in large type.
 *
 * The work is bounded whatever the prescription holds: every value is cut to MAX_CHARS and wraps
 * to at most MAX_LINES_PER_VALUE lines, so the layout costs a few milliseconds and needs no worker.
 */
const PAGE = { width: 595.28, height: 841.89, margin: 50 };
const LINE = 15;
const MAX_CHARS = 1_000;
const MAX_LINES_PER_VALUE = 12;

export interface PrescriptionPdfInput {
  medicine: MyMedicineDto;
  patient: { name: string; birthDate: string | null; mrn: string };
  /** Shown once, here: only its hash is stored. */
  code: string;
  verifyUrl: string;
  t: Translate;
  locale: string;
  timeZone: string;
  now: Date;
}

export async function buildPrescriptionPdf(input: PrescriptionPdfInput): Promise<Uint8Array> {
  const { medicine: m, t, locale, timeZone } = input;
  const dir = directionOf(locale);
  // The dose and frequency formatters read only the translator and the locale of a page context.
  const fmt = { t, locale, timeZone } as unknown as PageContext;
  const when = (d: Date | null) => (d ? formatZonedDateTime(locale, d, timeZone) : '—');
  const rows: [string, string][] = [
    [t('my_medicines.pdf_patient'), input.patient.name],
    [t('my_medicines.pdf_birth_date'), input.patient.birthDate ?? '—'],
    [t('my_medicines.pdf_mrn'), input.patient.mrn],
    [t('my_medicines.field_product'), m.product.name],
    [t('my_medicines.field_dose'), `${formatDose(fmt, m.dose)} · ${t(`medications.route_${m.route}`)}`],
    [t('my_medicines.field_frequency'), formatFrequency(fmt, m.frequency)],
    [t('my_medicines.field_instructions'), m.instructions ?? '—'],
    [t('my_medicines.field_starts'), when(m.startsAt)],
    [
      t('my_medicines.field_ends'),
      m.endsAt ? when(m.endsAt) : m.durationDays ? t('my_medicines.duration_days', { n: m.durationDays }) : '—',
    ],
    [t('my_medicines.field_quantity'), m.quantity ? formatDose(fmt, m.quantity) : '—'],
    [t('my_medicines.field_refills'), String(m.refills)],
    [t('my_medicines.field_prescriber'), m.prescriber.name ?? '—'],
    [t('my_medicines.field_signed'), when(m.signedAt)],
  ];
  const header = t('my_medicines.pdf_title');
  const codeLabel = t('my_medicines.pdf_code_label');
  const howTo = t('my_medicines.pdf_code_how', { url: input.verifyUrl });
  const printed = t('my_medicines.pdf_printed', { when: formatZonedDateTime(locale, input.now, timeZone) });
  const allText = [header, codeLabel, howTo, printed, input.code, ...rows.flat()].map((s) => s.slice(0, MAX_CHARS)).join(' ');

  const doc = await PDFDocument.create();
  const fonts = await embedUnicodeFonts(doc, allText);
  doc.setTitle(header);
  doc.setProducer('Carewell');
  doc.setCreator('Carewell');
  doc.setLanguage(locale);
  doc.setCreationDate(input.now);
  doc.setModificationDate(input.now);
  const page = doc.addPage([PAGE.width, PAGE.height]);
  let y = PAGE.height - PAGE.margin;
  const width = PAGE.width - 2 * PAGE.margin;
  const put = (text: string, face: FontFace, size: number, indent = 0, direction = dir) => {
    const x = dir === 'rtl' ? PAGE.margin : PAGE.margin + indent;
    drawLine(page, cleanText(text.slice(0, MAX_CHARS), face), { x, y, width: width - indent, size, face, direction, color: rgb(0, 0, 0) });
    y -= size + 5;
  };
  /** Wraps on words at a fixed number of characters (bounded), enough for one page of short values. */
  const wrapped = (text: string, face: FontFace, size: number, indent: number) => {
    const perLine = Math.max(20, Math.floor((width - indent) / (size * 0.55)));
    const words = text.slice(0, MAX_CHARS).split(/\s+/);
    const lines: string[] = [];
    let current = '';
    for (const word of words) {
      if (current && current.length + 1 + word.length > perLine) {
        lines.push(current);
        current = '';
      }
      current = current ? `${current} ${word}` : word;
      while (current.length > perLine) {
        lines.push(current.slice(0, perLine));
        current = current.slice(perLine);
      }
    }
    if (current) lines.push(current);
    for (const line of lines.slice(0, MAX_LINES_PER_VALUE)) put(line, face, size, indent);
  };

  put(header, fonts.bold, 18);
  y -= 6;
  for (const [label, value] of rows) {
    put(label, fonts.bold, 10);
    wrapped(value, fonts.regular, 11, 12);
    y -= 3;
  }
  y -= LINE;
  page.drawRectangle({ x: PAGE.margin, y: y - 58, width, height: 76, borderColor: rgb(0.2, 0.2, 0.2), borderWidth: 1 });
  y -= 2;
  put(codeLabel, fonts.bold, 11, 10);
  // The code is Latin letters and digits: always left to right, large enough to read out.
  put(input.code, fonts.bold, 20, 10, 'ltr');
  wrapped(howTo, fonts.regular, 9, 10);
  y = PAGE.margin;
  put(printed, fonts.regular, 8);
  return doc.save();
}
