import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createTestDatabase } from '../../../../test/helpers/database.js';
import { countQueries } from '../../../../test/helpers/query-count.js';
import type { Database } from '../../../platform/db/database.js';
import { readShippedIcd10 } from './services/icd10-loader.service.js';
import { parsePreferred, preferredCodes } from './services/icd10-preferred.service.js';
import { searchIcd10 } from './services/icd10.service.js';

/**
 * What clinicians mean comes first: common queries (terms, abbreviations, lay words) → the code
 * expected at the top of the list, checked against the shipped ICD-10-CM 2021 list. The choices
 * (type 2 for "diabetes", F32.9 because F32.A is newer than the release, ...) are documented in
 * reference/icd10-preferred.tsv.
 */
const EXPECTED_FIRST: [query: string, code: string][] = [
  ['hypertension', 'I10'],
  ['essential hypertension', 'I10'],
  ['High blood pressure', 'I10'],
  ['HTN', 'I10'],
  ['type 2 diabetes', 'E11.9'],
  ['Type 2 diabetes mellitus', 'E11.9'],
  ['diabetes', 'E11.9'],
  ['T2DM', 'E11.9'],
  ['type 1 diabetes', 'E10.9'],
  ['asthma', 'J45.909'],
  ['pneumonia', 'J18.9'],
  ['UTI', 'N39.0'],
  ['urinary tract infection', 'N39.0'],
  ['COPD', 'J44.9'],
  ['heart failure', 'I50.9'],
  ['CHF', 'I50.9'],
  ['atrial fibrillation', 'I48.91'],
  ['afib', 'I48.91'],
  ['migraine', 'G43.909'],
  ['depression', 'F32.9'],
  ['anxiety', 'F41.9'],
  ['GERD', 'K21.9'],
  ['hypothyroidism', 'E03.9'],
  ['hyperlipidemia', 'E78.5'],
  ['obesity', 'E66.9'],
  ['CKD', 'N18.9'],
  ['chronic kidney disease', 'N18.9'],
  ['low back pain', 'M54.5'],
  ['headache', 'R51.9'],
  ['chest pain', 'R07.9'],
  ['abdominal pain', 'R10.9'],
  ['fever', 'R50.9'],
  ['cough', 'R05'],
  ['otitis media', 'H66.90'],
  ['pharyngitis', 'J02.9'],
  ['sore throat', 'J02.9'],
  ['sinusitis', 'J01.90'],
  ['cellulitis', 'L03.90'],
  ['gastroenteritis', 'A09'],
  ['anemia', 'D64.9'],
  ['osteoarthritis of knee', 'M17.9'],
  ['gout', 'M10.9'],
  ['covid', 'U07.1'],
  ['COVID-19', 'U07.1'],
  ['stroke', 'I63.9'],
  ['myocardial infarction', 'I21.9'],
  ['heart attack', 'I21.9'],
  ['dehydration', 'E86.0'],
  ['dizziness', 'R42'],
  ['shortness of breath', 'R06.02'],
  ['coronary artery disease', 'I25.10'],
  ['insomnia', 'G47.00'],
  // typed while searching: the start of a common term already offers it
  ['asth', 'J45.909'],
  ['hypothyr', 'E03.9'],
  // codes typed keep working: the exact code first
  ['I10', 'I10'],
  ['e11.9', 'E11.9'],
  ['J45', 'J45'],
];

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
}, 120_000);
afterAll(async () => database?.close());

describe('ICD-10 search ranks what clinicians mean first', () => {
  it.each(EXPECTED_FIRST)('%s → %s', async (query, code) => {
    const results = await searchIcd10(database.db, query, 20);
    expect(results[0]?.code).toBe(code);
    expect(new Set(results.map((r) => r.code)).size).toBe(results.length); // no duplicates
  });

  it('still lists the other matching codes after the preferred one', async () => {
    const results = await searchIcd10(database.db, 'type 2 diabetes', 20);
    expect(results).toHaveLength(20);
    expect(results.slice(1).every((r) => r.description.toLowerCase().includes('type 2 diabetes'))).toBe(true);
  });

  it('ranks uncurated words by exact and word-start matches, billable and unspecified codes first', async () => {
    expect((await searchIcd10(database.db, 'hidradenitis suppurativa', 5))[0]?.code).toBe('L73.2');
    expect((await searchIcd10(database.db, 'cholera', 5))[0]?.code).toBe('A00.9');
    expect((await searchIcd10(database.db, 'scabies', 5))[0]?.code).toBe('B86');
  });

  it('bounds broad searches: words without a trigram search nothing, broad words rank their shortest titles', async () => {
    // "of" and "a" would scan and rank every title (seconds of PGlite's only thread): they need a
    // longer word beside them.
    expect(await searchIcd10(database.db, 'of', 20)).toEqual([]);
    expect(await searchIcd10(database.db, 'a', 20)).toEqual([]);
    const counter = countQueries({ database } as never);
    await searchIcd10(counter.db, 'gout', 20); // the once-per-handle "is the list loaded" check
    counter.reset();
    const broad = await searchIcd10(counter.db, 'fracture', 20);
    expect(broad).toHaveLength(20);
    expect(broad.every((r) => r.description.toLowerCase().includes('fracture'))).toBe(true);
    // The general codes a clinician starts from are among the shortest titles the ranking sees.
    expect(broad.slice(0, 5).every((r) => r.description.length < 60)).toBe(true);
    // One ranked statement (no preferred code for "fracture").
    expect(counter.count()).toBe(1);
  });
});

describe('the curated preferred-code list', () => {
  const text = readFileSync(new URL('./reference/icd10-preferred.tsv', import.meta.url), 'utf8');
  const entries = parsePreferred(text);
  const shipped = new Map(readShippedIcd10().map((e) => [e.code, e]));

  it('names its source and points only at billable codes of the shipped list', () => {
    expect(text).toMatch(/^# Source:/m);
    expect(entries.length).toBeGreaterThan(100);
    const wrong = entries.filter((e) => !shipped.get(e.code)?.billable);
    expect(wrong).toEqual([]);
  });

  it('matches whole terms, and term starts only from four letters', () => {
    expect(preferredCodes('  Type-2   Diabetes ')).toEqual(['E11.9']);
    expect(preferredCodes('hyp')).toEqual([]);
    expect(preferredCodes('hype')).toContain('I10');
    expect(preferredCodes('no such words')).toEqual([]);
  });
});
