import { describe, expect, it } from 'vitest';
import type { DrugRef } from './onc-interactions.js';
import { checkVaInteractions, readVaPairs, VA_EDITION } from './va-interactions.js';

const drug = (name: string, rxcuis: string[]): DrugRef => ({ name, rxcuis, tags: [] });

describe('VA NDF-RT interaction pairs', () => {
  const pairs = readVaPairs();

  it('ships the 5,142 pairs that have RxCUIs on both sides, critical and significant', () => {
    expect(pairs).toHaveLength(5142);
    expect(new Set(pairs.map((p) => p.severity))).toEqual(new Set(['critical', 'significant']));
  });

  it('names both drugs, the severity and the source with edition, and no consequence (the source has none)', () => {
    const alerts = checkVaInteractions(drug('Warfarin 5 mg tablet', ['11289']), [
      drug('Amiodarone 200 mg tablet', ['703']),
      drug('Amlodipine 5 mg tablet', ['17767']),
    ]);
    expect(alerts).toEqual([
      {
        source: 'va_ndfrt',
        sourceEdition: VA_EDITION,
        severity: 'critical',
        drugs: ['Warfarin 5 mg tablet', 'Amiodarone 200 mg tablet'],
        sourcePair: ['amiodarone', 'warfarin'],
        consequence: null,
      },
    ]);
  });

  it('raises a sample of critical pairs, whichever drug is prescribed second', () => {
    const critical = pairs.filter((p) => p.severity === 'critical');
    const sample = critical.filter((_, i) => i % 85 === 0); // 21 pairs spread over the list
    expect(sample.length).toBeGreaterThan(15);
    for (const pair of sample) {
      const a = drug(pair.drugA, [[...pair.a][0]!]);
      const b = drug(pair.drugB, [[...pair.b][0]!]);
      expect(
        checkVaInteractions(a, [b]).map((x) => x.severity),
        `${pair.drugA} + ${pair.drugB}`,
      ).toEqual(['critical']);
      expect(
        checkVaInteractions(b, [a]).map((x) => x.severity),
        `${pair.drugB} + ${pair.drugA}`,
      ).toEqual(['critical']);
    }
  });

  it('matches a salt the source names to the base ingredient a product is coded with', () => {
    // The source lists "atazanavir so4" + simvastatin and "atorvastatin calcium" + amiodarone.
    expect(checkVaInteractions(drug('Atazanavir 300 mg capsule', ['343047']), [drug('Simvastatin 40 mg tablet', ['36567'])])).toMatchObject(
      [{ severity: 'critical', sourcePair: ['atazanavir so4', 'simvastatin'] }],
    );
    expect(checkVaInteractions(drug('Atorvastatin 20 mg tablet', ['83367']), [drug('Amiodarone 200 mg tablet', ['703'])])).toMatchObject([
      { severity: 'significant' },
    ]);
  });

  it('takes the highest severity when the source lists a pair twice (phenelzine + sumatriptan: critical and significant)', () => {
    const alerts = checkVaInteractions(drug('Sumatriptan 50 mg tablet', ['37418']), [drug('Phenelzine 15 mg tablet', ['8123'])]);
    expect(alerts.map((a) => a.severity)).toEqual(['critical']);
  });

  it('never checks the ingredients of one product against each other, nor unrelated medicines', () => {
    const cotrimoxazole = drug('Sulfamethoxazole 800 mg / trimethoprim 160 mg tablet', ['10180', '10829']);
    expect(pairs.some((p) => (p.a.has('10180') && p.b.has('10829')) || (p.a.has('10829') && p.b.has('10180')))).toBe(true);
    expect(checkVaInteractions(cotrimoxazole, [])).toEqual([]);
    expect(checkVaInteractions(drug('Amoxicillin', ['723']), [drug('Paracetamol', ['161'])])).toEqual([]);
  });
});
