import { describe, expect, it } from 'vitest';
import { checkOncInteractions, checkVaInteractions, type DrugRef } from '../modules/medications/index.js';

/** The demo's medicines (demo-prescriptions.ts) by their RxNorm ingredients. */
const drug = (name: string, rxcui: string): DrugRef => ({ name, rxcuis: [rxcui], tags: [] });
const simvastatin = drug('Simvastatin 40 mg tablet', '36567');
const metformin = drug('Metformin 500 mg tablet', '6809');
const lisinopril = drug('Lisinopril 10 mg tablet', '29046');
const clarithromycin = drug('Clarithromycin 500 mg tablet', '21212');

describe("the demo patients' medicines", () => {
  it("raise no interaction among Maria Santos's three (they were signed without the checks, as data)", () => {
    const maria = [simvastatin, metformin, lisinopril];
    for (const candidate of maria) {
      const others = maria.filter((d) => d !== candidate);
      expect(checkOncInteractions(candidate, others)).toEqual([]);
      expect(checkVaInteractions(candidate, others)).toEqual([]);
    }
  });

  it('leave clarithromycin to interact with her simvastatin, as the medications journey shows', () => {
    const alerts = checkOncInteractions(clarithromycin, [simvastatin, metformin, lisinopril]);
    expect(alerts.map((a) => a.drugs)).toEqual([['Clarithromycin 500 mg tablet', 'Simvastatin 40 mg tablet']]);
  });
});
