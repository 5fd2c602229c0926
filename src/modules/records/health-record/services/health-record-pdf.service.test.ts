import { PDFDocument, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { pdfText } from '../../../../../test/helpers/pdf.js';
import { translator } from '../../../../platform/i18n/i18n.js';
import type { PatientProfile } from '../../../patients/index.js';
import { performance } from 'node:perf_hooks';
import { buildHealthRecordPdf, MAX_LINES_PER_ENTRY, wrap } from './health-record-pdf.service.js';
import type { HealthRecord } from './health-record.service.js';

const now = new Date('2026-11-27T09:00:00Z');
const patient = {
  id: '00000000-0000-4000-8000-000000000001',
  mrn: 'MRN-TEST-1',
  givenName: 'نور',
  familyName: 'الهدى',
  birthDate: '1980-04-12',
  access: 'self',
} as unknown as PatientProfile;

const record = (overrides: Partial<HealthRecord> = {}): HealthRecord => ({
  patient,
  allergies: [],
  conditions: [],
  problems: [{ id: 'p', code: 'E11.9', description: 'السكري من النوع الثاني', since: '2020-01-01' }],
  diagnoses: null,
  summaries: [],
  documents: null,
  carePlans: [],
  ...overrides,
});

/** The strings drawn on the pages, one per line. */
const drawnText = async (bytes: Uint8Array) => (await pdfText(bytes)).text;

describe('health record PDF', () => {
  it('prints an Arabic name joined and right to left: the extracted text is the logical string, on every page', async () => {
    const documents = Array.from({ length: 120 }, (_, i) => ({
      id: String(i),
      title: `وثيقة ${i}`,
      category: 'lab_report',
      uploadedAt: now,
    }));
    const { bytes, pages } = await buildHealthRecordPdf(record({ documents } as unknown as Partial<HealthRecord>), {
      t: translator('ar'),
      locale: 'ar',
      timeZone: 'Asia/Riyadh',
      now,
      printedBy: 'doctor@example.org',
    });
    expect(pages).toBeGreaterThan(1);
    const doc = await PDFDocument.load(bytes);
    expect(doc.getTitle()).toBe('السجل الصحي — MRN-TEST-1');
    const { lines } = await pdfText(bytes);
    // The name is its own line on every page, extracted as typed (logical order, base letters, not "?").
    expect(lines.filter((l) => l === 'نور الهدى')).toHaveLength(pages);
    expect(lines.some((l) => l.includes('E11.9') && l.includes('السكري من النوع'))).toBe(true);
    expect(lines.join('\n')).not.toContain('?');
    expect(lines.filter((l) => l.includes('doctor@example.org') && l.includes('Asia/Riyadh'))).toHaveLength(pages);
  });

  it('prints a Latin name with accents and a Greek one, MRN, date of birth and the printed-on line', async () => {
    const latin = { ...patient, givenName: 'Zoë', familyName: 'Ångström-Łukasz' };
    const { bytes } = await buildHealthRecordPdf(
      record({
        patient: latin,
        problems: [{ id: 'p', code: 'J45', description: 'Άσθμα', since: null }],
      }),
      {
        t: translator('en'),
        locale: 'en',
        timeZone: 'Europe/Paris',
        now,
        printedBy: 'nurse@example.org',
      },
    );
    const { lines } = await pdfText(bytes);
    expect(lines).toContain('Zoë Ångström-Łukasz');
    expect(lines).toContain('MRN: MRN-TEST-1 · Born: Apr 12, 1980');
    expect(lines).toContain('Printed on Nov 27, 2026, 10:00 AM (Europe/Paris) by nurse@example.org');
    expect(lines).toContain('• J45 Άσθμα');
  });

  it('wraps long text to the width and cuts words longer than a line', async () => {
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    const { lines, complete } = wrap(`${'word '.repeat(60)}${'x'.repeat(300)}`, font, 10, 200);
    expect(complete).toBe(true);
    expect(lines.length).toBeGreaterThan(3);
    for (const line of lines) expect(font.widthOfTextAtSize(line, 10)).toBeLessThanOrEqual(200);
    expect(lines.join('').replace(/\s/g, '')).toBe(`${'word'.repeat(60)}${'x'.repeat(300)}`);
  });

  it('wraps a 100,000-character word in linear time, every piece within the width', async () => {
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    const word = 'abcdefghijklmnopqrstuvwxyzW'.repeat(3_704);
    const started = performance.now();
    const { lines, complete } = wrap(word, font, 10, 495);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(complete).toBe(true);
    expect(lines.join('')).toBe(word);
    for (const line of lines) expect(font.widthOfTextAtSize(line, 10)).toBeLessThanOrEqual(495 + 0.001);
    expect(wrap(word, font, 10, 495, 3)).toEqual({ lines: lines.slice(0, 3), complete: false });
  });

  it('renders a 3,000-character word and a 200,000-character note in bounded time, saying where text was shortened', async () => {
    const huge = `${'y'.repeat(3_000)} ${'note text '.repeat(20_000)}`;
    const summaries = [{ encounterId: 'e', sharedAt: now, clinicianName: 'Dr X', summary: huge, instructions: 'z'.repeat(3_000) }];
    const started = performance.now();
    const { bytes, pages } = await buildHealthRecordPdf(record({ summaries } as unknown as Partial<HealthRecord>), {
      t: translator('en'),
      locale: 'en',
      timeZone: 'UTC',
      now,
      printedBy: 'doctor@example.org',
    });
    expect(performance.now() - started).toBeLessThan(3_000);
    // One entry shows at most MAX_LINES_PER_ENTRY lines (about 1.6 pages), then a note.
    expect(pages).toBeLessThanOrEqual(4);
    const text = await drawnText(bytes);
    expect(text.split('\n').filter((l) => l.startsWith('(Shortened here.'))).toHaveLength(1); // the note; the 3,000-character instructions fit
    expect(text).toContain('y'.repeat(50));
    expect(text).toContain('z'.repeat(50));
    expect(text.split('\n').length).toBeLessThan(3 * MAX_LINES_PER_ENTRY);
  });

  it('stops a record longer than the document budget with a closing note instead of dropping it silently', async () => {
    const documents = Array.from({ length: 3_000 }, (_, i) => ({
      id: String(i),
      title: `Document ${i}`,
      category: 'lab_report',
      uploadedAt: now,
    }));
    const started = performance.now();
    const { bytes, pages } = await buildHealthRecordPdf(record({ documents } as unknown as Partial<HealthRecord>), {
      t: translator('en'),
      locale: 'en',
      timeZone: 'UTC',
      now,
      printedBy: 'doctor@example.org',
    });
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(pages).toBeLessThanOrEqual(45);
    const text = await drawnText(bytes);
    expect(text).toContain('Document 0');
    expect(text).not.toContain('Document 2999');
    expect(text.replace(/\n/g, ' ')).toContain(
      'This export stops here because the record is too long for one PDF. The full record is in Carewell.',
    );
  });
});
