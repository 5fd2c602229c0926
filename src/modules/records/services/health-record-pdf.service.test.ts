import { PDFDocument, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { translator } from '../../../platform/i18n/i18n.js';
import type { PatientProfile } from '../../patients/patients.schemas.js';
import { buildHealthRecordPdf, wrap } from './health-record-pdf.service.js';
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

describe('health record PDF', () => {
  it('writes characters the standard font cannot encode as "?" instead of failing (Arabic locale, Arabic names)', async () => {
    const { bytes, pages } = await buildHealthRecordPdf(record(), { t: translator('ar'), locale: 'ar', timeZone: 'Asia/Riyadh', now });
    expect(pages).toBe(1);
    const doc = await PDFDocument.load(bytes);
    expect(doc.getTitle()).toBe('Health record — MRN-TEST-1');
    expect(doc.getPageCount()).toBe(1);
  });

  it('wraps long text to the width and cuts words longer than a line', async () => {
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    const lines = wrap(`${'word '.repeat(60)}${'x'.repeat(300)}`, font, 10, 200);
    expect(lines.length).toBeGreaterThan(3);
    for (const line of lines) expect(font.widthOfTextAtSize(line, 10)).toBeLessThanOrEqual(200);
    expect(lines.join('').replace(/\s/g, '')).toBe(`${'word'.repeat(60)}${'x'.repeat(300)}`);
  });
});
