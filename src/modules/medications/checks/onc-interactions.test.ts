import { describe, expect, it } from 'vitest';
import { checkOncInteractions, ONC_EDITION, readOncRules, type DrugRef } from './onc-interactions.js';

const drug = (name: string, rxcuis: string[], tags: string[] = []): DrugRef => ({ name, rxcuis, tags });

describe('ONC high-priority interaction rules', () => {
  const rules = readOncRules();

  it('ships the 15 rules, 14 with members on both sides and rule 8 with none', () => {
    expect(rules.map((r) => r.rule)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
    const withMembers = rules.filter((r) => r.objectRxcuis.size > 0 && r.precipitantRxcuis.size > 0).map((r) => r.rule);
    expect(withMembers).toEqual([1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12, 13, 14, 15]);
    const qt = rules.find((r) => r.rule === 8)!;
    expect(qt.objectRxcuis.size + qt.precipitantRxcuis.size).toBe(0);
  });

  for (const rule of readOncRules().filter((r) => r.rule !== 8)) {
    it(`rule ${rule.rule} (${rule.objectClass} + ${rule.precipitantClass}) alerts for a pair of its members, either way round`, () => {
      const object = drug('object drug', [[...rule.objectRxcuis][0]!]);
      const precipitant = drug('precipitant drug', [[...rule.precipitantRxcuis][0]!]);
      for (const [candidate, other] of [
        [object, precipitant],
        [precipitant, object],
      ] as const) {
        const alerts = checkOncInteractions(candidate, [other]).filter((a) => a.rule === rule.rule);
        expect(alerts).toHaveLength(1);
        expect(alerts[0]).toMatchObject({
          source: 'onc_high_priority',
          sourceEdition: ONC_EDITION,
          severity: 'high_priority',
          drugs: [candidate.name, other.name],
          consequence: rule.consequence,
          consequenceReviewed: false,
        });
      }
    });
  }

  it('names the drugs of a real pair: simvastatin with clarithromycin (rule 11)', () => {
    const alerts = checkOncInteractions(drug('Simvastatin 40 mg tablet', ['36567']), [
      drug('Clarithromycin 500 mg tablet', ['21212']),
      drug('Metformin 500 mg tablet', ['6809']),
    ]);
    expect(alerts.map((a) => [a.rule, a.drugs])).toEqual([[11, ['Simvastatin 40 mg tablet', 'Clarithromycin 500 mg tablet']]]);
  });

  it('rule 8 applies only to two products the pharmacy tagged QT-prolonging', () => {
    const haloperidol = drug('Haloperidol 5 mg/mL injection', ['5093'], ['qt_prolonging']);
    const amiodarone = drug('Amiodarone 200 mg tablet', ['703'], ['qt_prolonging']);
    expect(checkOncInteractions(haloperidol, [amiodarone]).map((a) => a.rule)).toEqual([8]);
    expect(checkOncInteractions(haloperidol, [drug('Amiodarone 200 mg tablet', ['703'])])).toEqual([]);
    expect(checkOncInteractions(drug('Haloperidol', ['5093']), [drug('Amiodarone', ['703'])])).toEqual([]);
  });

  it('does not alert on unrelated medicines, nor on a combination product by itself', () => {
    expect(checkOncInteractions(drug('Amoxicillin', ['723']), [drug('Paracetamol', ['161'])])).toEqual([]);
    // A product holding an object and a precipitant member is one medicine: nothing to compare it with.
    expect(checkOncInteractions(drug('Imaginary combination', ['36567', '21212']), [])).toEqual([]);
  });
});
