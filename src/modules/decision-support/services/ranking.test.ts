import { describe, expect, it } from 'vitest';
import { kbConditionInputSchema, kbGuidelineInputSchema } from '../decision-support.schemas.js';
import { measured, symptom, test as discriminator } from '../reference/kb-helpers.js';
import { GUIDELINES } from '../reference/guidelines.js';
import { KNOWLEDGE_BASE } from '../reference/knowledge-base.js';
import { findTerm, matchGuidelines, rankConditions, type EncounterEvidence, type RankableCondition } from './ranking.js';

/*
 * Hand-built cases with known answers, on FIXTURE entries and fixture ranges (not the shipped
 * knowledge base, which the hospital edits): what is raised, in which order, and by what.
 */
const SOURCE = { sourceTitle: 'Fixture source', sourceUrl: null, reviewStatus: 'unreviewed' as const, icd10Code: null };
const fixture = (id: string, findings: RankableCondition['findings']): RankableCondition => ({
  id,
  name: id,
  findings,
  discriminators: [discriminator(`${id} test`, '2345-7')],
  ...SOURCE,
});

const TEMP = '8310-5';
const K = '2823-3';
const CONDITIONS: RankableCondition[] = [
  fixture('pneumonia', [
    symptom('cough', ['cough'], 2),
    symptom('fever', ['fever'], 2),
    symptom('crackles', ['crackles'], 3),
    measured('temp > 38', TEMP, '>', 38, 'Cel', 2),
  ]),
  fixture('flu', [symptom('fever', ['fever'], 2), symptom('aches', ['myalgia', 'muscle aches'], 2), symptom('cough', ['cough'], 2)]),
  fixture('uti', [symptom('dysuria', ['dysuria', 'burning urination'], 4), symptom('frequency', ['frequency'], 2)]),
  fixture('hyperkalaemia', [
    measured('K >= 6.5', K, '>=', 6.5, 'mmol/L', 5),
    { kind: 'diagnosis', label: 'CKD', icd10Prefix: 'N18', weight: 1 },
  ]),
  fixture('migraine', [symptom('headache', ['headache'], 2), symptom('photophobia', ['photophobia'], 2), symptom('aura', ['aura'], 2)]),
  fixture('meningitis', [symptom('headache', ['headache'], 2), symptom('fever', ['fever'], 2), symptom('stiff neck', ['stiff neck'], 4)]),
];

const evidence = (over: Partial<EncounterEvidence>): EncounterEvidence => ({ texts: [], diagnosisCodes: [], observations: [], ...over });
const names = (e: EncounterEvidence, conditions = CONDITIONS) => rankConditions(conditions, e).map((r) => r.condition.name);

describe('rankConditions on hand-built cases', () => {
  it('1. cough, fever and crackles put pneumonia first, flu second', () => {
    expect(names(evidence({ texts: ['Cough and fever for 3 days. Crackles at the right base.'] }))).toEqual(['pneumonia', 'flu']);
  });
  it('2. a measured temperature adds its weight and is named as evidence with its value', () => {
    const [first] = rankConditions(CONDITIONS, evidence({ texts: ['cough'], observations: [{ code: TEMP, value: 38.6, unit: 'Cel' }] }));
    expect(first?.condition.name).toBe('pneumonia');
    expect(first?.score).toBe(4);
    expect(first?.evidence.map((e) => e.matched)).toEqual(['cough', '38.6 Cel']); // equal weights keep the entry's order
  });
  it('3. the threshold is exclusive for ">": 38.0 °C does not count', () => {
    expect(names(evidence({ texts: ['cough'], observations: [{ code: TEMP, value: 38.0, unit: 'Cel' }] }))).toEqual([]);
  });
  it('4. a value in another unit is never compared (no silent conversion)', () => {
    expect(names(evidence({ texts: ['cough'], observations: [{ code: TEMP, value: 101.5, unit: '[degF]' }] }))).toEqual([]);
  });
  it('5. dysuria and frequency raise a urinary infection alone', () => {
    expect(names(evidence({ texts: ['Burning urination and frequency since yesterday'] }))).toEqual(['uti']);
  });
  it('6. a negated symptom does not count ("denies dysuria")', () => {
    expect(names(evidence({ texts: ['Denies dysuria. Frequency.'] }))).toEqual([]);
  });
  it('7. the negation reaches only three words back', () => {
    expect(names(evidence({ texts: ['No rash on the skin, but dysuria and frequency'] }))).toEqual(['uti']);
  });
  it('8. a lab result passed in by another module raises hyperkalaemia (the ">=" edge counts)', () => {
    const e = evidence({ diagnosisCodes: ['N18.4'], labResults: [{ loinc: K, value: 6.5, unit: 'mmol/L' }] });
    expect(names(e)).toEqual(['hyperkalaemia']);
  });
  it('9. just below the lab threshold nothing is raised', () => {
    expect(names(evidence({ diagnosisCodes: ['N18.4'], labResults: [{ loinc: K, value: 6.4, unit: 'mmol/L' }] }))).toEqual([]);
  });
  it('10. one finding alone is not enough, however heavy', () => {
    expect(names(evidence({ labResults: [{ loinc: K, value: 7.1, unit: 'mmol/L' }] }))).toEqual([]);
  });
  it('11. headache, fever and a stiff neck put meningitis above migraine', () => {
    expect(names(evidence({ texts: ['Severe headache, fever, stiff neck, photophobia'] }))).toEqual(['meningitis', 'migraine']);
  });
  it('12. headache with aura and photophobia is migraine, not meningitis', () => {
    expect(names(evidence({ texts: ['Headache with aura and photophobia'] }))).toEqual(['migraine']);
  });
  it('13. equal scores are ordered by the share of the entry matched, then by name', () => {
    // flu: fever+cough = 4 of 6; pneumonia: fever+cough = 4 of 9 → flu first.
    expect(names(evidence({ texts: ['fever and cough'] }))).toEqual(['flu', 'pneumonia']);
  });
  it('14. words are matched whole ("coughing" is not "cough"; accents and case are ignored)', () => {
    expect(findTerm(' coughing fever ', 'cough')).toBe(false);
    expect(names(evidence({ texts: ['FÉVER', 'Myalgia'] }))).toEqual(['flu']);
  });
  it('15. an entry without a source is never offered', () => {
    const unsourced = { ...CONDITIONS[2]!, sourceTitle: '  ' };
    expect(names(evidence({ texts: ['dysuria and frequency'] }), [unsourced])).toEqual([]);
  });
  it('16. nothing recorded, nothing suggested', () => {
    expect(names(evidence({}))).toEqual([]);
  });
  it('17. the evidence lists heaviest findings first and each consideration keeps its tests to tell it apart', () => {
    const [first] = rankConditions(CONDITIONS, evidence({ texts: ['stiff neck and headache'] }));
    expect(first?.evidence.map((e) => e.label)).toEqual(['stiff neck', 'headache']);
    expect(first?.condition.discriminators).toEqual([{ label: 'meningitis test', loinc: '2345-7' }]);
  });
});

describe('the shipped knowledge base', () => {
  it('holds at least 40 conditions, each valid and naming its source; keys are unique', () => {
    expect(KNOWLEDGE_BASE.length).toBeGreaterThanOrEqual(40);
    for (const entry of KNOWLEDGE_BASE) {
      expect(kbConditionInputSchema.safeParse(entry).success, entry.key).toBe(true);
      expect(entry.source.title.trim().length, entry.key).toBeGreaterThan(0);
    }
    expect(new Set(KNOWLEDGE_BASE.map((e) => e.key)).size).toBe(KNOWLEDGE_BASE.length);
  });
  it('the schema refuses an entry without a source', () => {
    const [entry] = KNOWLEDGE_BASE;
    expect(kbConditionInputSchema.safeParse({ ...entry, source: { title: ' ' } }).success).toBe(false);
  });
  it('ships ten guideline summaries, each with a citation and a trigger', () => {
    expect(GUIDELINES).toHaveLength(10);
    for (const g of GUIDELINES) expect(kbGuidelineInputSchema.safeParse(g).success, g.key).toBe(true);
  });
  it('on the shipped base, a septic picture puts sepsis first', () => {
    const conditions: RankableCondition[] = KNOWLEDGE_BASE.map((e) => ({
      id: e.key,
      name: e.name,
      icd10Code: e.icd10Code ?? null,
      findings: e.findings,
      discriminators: e.discriminators,
      sourceTitle: e.source.title,
      sourceUrl: e.source.url ?? null,
      reviewStatus: e.reviewStatus,
    }));
    const ranked = rankConditions(
      conditions,
      evidence({
        texts: ['Confused, febrile.'],
        observations: [
          { code: '9279-1', value: 26, unit: '/min' },
          { code: '8480-6', value: 88, unit: 'mm[Hg]' },
          { code: '8867-4', value: 124, unit: '/min' },
        ],
      }),
    );
    expect(ranked[0]?.condition.id).toBe('sepsis');
  });
  it('matches guidelines by ICD-10 start or LOINC code', () => {
    const matched = matchGuidelines(
      GUIDELINES,
      evidence({ diagnosisCodes: ['J18.9'], observations: [{ code: '2823-3', value: 5, unit: 'mmol/L' }] }),
    );
    expect(matched.map((m) => [m.guideline.key, m.matchedBy])).toEqual([
      ['cap-curb65', 'J18.9'],
      ['hyperkalaemia-ukka-2023', '2823-3'],
    ]);
  });
});
