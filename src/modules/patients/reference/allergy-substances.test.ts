import { describe, expect, it } from 'vitest';
import { findAllergySubstanceByName, findAllergySubstanceByRxcui, searchAllergySubstances } from './allergy-substances.js';

describe('allergy substance reference list', () => {
  it('finds penicillin and warfarin, prefix matches first', () => {
    const penicillin = searchAllergySubstances('penicillin');
    expect(penicillin[0]).toEqual({ rxcui: '70618', name: 'penicillin' });
    expect(penicillin.length).toBeLessThanOrEqual(20);
    const firstContains = penicillin.findIndex((s) => !s.name.startsWith('penicillin'));
    if (firstContains >= 0) expect(penicillin.slice(firstContains).every((s) => !s.name.startsWith('penicillin'))).toBe(true);
    expect(searchAllergySubstances('WARFARIN').map((s) => s.name)).toContain('warfarin');
  });

  it('has no product strings and resolves codes and exact names', () => {
    expect(searchAllergySubstances('warfarin', 20).some((s) => /\dmg|\btab\b/.test(s.name))).toBe(false);
    expect(findAllergySubstanceByRxcui('11289')?.name).toBe('warfarin');
    expect(findAllergySubstanceByName(' Apixaban ')?.rxcui).toBe('1364430');
    expect(searchAllergySubstances('  ')).toEqual([]);
  });
});
