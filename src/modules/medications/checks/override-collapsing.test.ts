import { describe, expect, it } from 'vitest';
import { collapseRepeatedOverrides, monthsBefore, notHigher, type CollapseFacts, type EarlierOverride } from './override-collapsing.js';
import type { SigningAlert } from './signing-checks.js';

const NOW = new Date('2027-03-31T10:00:00Z');
const dose = (value: number, perDay: number | null = 2, unit = '{tablet}') => ({ value, unit, perDay });

const alert = (over: Partial<SigningAlert> = {}): SigningAlert => ({
  key: 'onc:11:Q2',
  kind: 'interaction',
  severity: 'high_priority',
  requiresOverride: true,
  source: 'onc_high_priority',
  sourceEdition: 'x',
  drug: 'Clarithromycin',
  otherDrug: 'Simvastatin',
  otherPrescriptionId: 'Q2',
  otherOutsideMedicationId: null,
  allergyId: null,
  rule: '11',
  consequence: null,
  consequenceReviewed: null,
  collapseKey: 'onc:11:21212|36567',
  collapsed: null,
  ...over,
});
const earlier = (over: Partial<EarlierOverride> = {}): EarlierOverride => ({
  alertId: 'A1',
  collapseKey: 'onc:11:21212|36567',
  reason: 'Short course',
  overriddenAt: new Date('2027-01-15T10:00:00Z'),
  prescriptionId: 'P1',
  prescriptionDose: dose(1),
  otherId: 'Q1',
  otherDose: dose(1, 1),
  ...over,
});
const facts = (over: Partial<CollapseFacts> = {}): CollapseFacts => ({
  candidateLineage: ['P1'],
  candidateDose: dose(1),
  actives: new Map([['Q2', { lineage: ['Q2', 'Q1'], dose: dose(1, 1) }]]),
  now: NOW,
  months: 12,
  ...over,
});

describe('collapsing overridden alerts (pure)', () => {
  it('collapses onto the newest matching override when both sides are the same continuous therapies and doses are not higher', () => {
    const older = earlier({ alertId: 'A0', reason: 'Older', overriddenAt: new Date('2026-12-01T00:00:00Z') });
    const [a] = collapseRepeatedOverrides([alert()], [older, earlier()], facts());
    expect(a!.collapsed).toEqual({ alertId: 'A1', reason: 'Short course', overriddenAt: earlier().overriddenAt });
  });

  it('matches the pair either way round', () => {
    const swapped = facts({
      candidateLineage: ['Q1'],
      candidateDose: dose(1, 1),
      actives: new Map([['Q2', { lineage: ['Q2', 'P1'], dose: dose(1) }]]),
    });
    expect(collapseRepeatedOverrides([alert()], [earlier()], swapped)[0]!.collapsed).not.toBeNull();
  });

  it('returns in full: another key, a broken lineage on either side, a higher dose, another unit, past the months, months = 0', () => {
    const full = (e: EarlierOverride, f: CollapseFacts) => collapseRepeatedOverrides([alert()], [e], f)[0]!.collapsed;
    expect(full(earlier({ collapseKey: 'va:21212|36567' }), facts())).toBeNull();
    expect(full(earlier(), facts({ candidateLineage: [] }))).toBeNull();
    expect(full(earlier(), facts({ actives: new Map([['Q2', { lineage: ['Q2'], dose: dose(1, 1) }]]) }))).toBeNull();
    expect(full(earlier(), facts({ candidateDose: dose(2) }))).toBeNull();
    expect(full(earlier(), facts({ candidateDose: dose(1, 3) }))).toBeNull();
    expect(full(earlier(), facts({ actives: new Map([['Q2', { lineage: ['Q2', 'Q1'], dose: dose(2, 1) }]]) }))).toBeNull();
    expect(full(earlier(), facts({ candidateDose: dose(1, 2, 'mg') }))).toBeNull();
    expect(full(earlier(), facts({ months: 2 }))).toBeNull();
    expect(full(earlier(), facts({ months: 3 }))).not.toBeNull();
    expect(full(earlier(), facts({ months: 0 }))).toBeNull();
  });

  it('allergy alerts (no other medicine) collapse on the candidate side only; alerts needing no override never collapse', () => {
    const allergy = alert({ kind: 'allergy_ingredient', severity: 'critical', otherPrescriptionId: null, collapseKey: 'allergy:X:723' });
    const e = earlier({ collapseKey: 'allergy:X:723', otherId: null, otherDose: null });
    expect(collapseRepeatedOverrides([allergy], [e], facts())[0]!.collapsed).not.toBeNull();
    const warning = alert({ severity: 'warning', requiresOverride: false });
    expect(collapseRepeatedOverrides([warning], [earlier()], facts())[0]!.collapsed).toBeNull();
  });

  it('an outside medicine stays the same therapy while active (its lineage is itself); its unknown dose compares equal', () => {
    const outside = alert({ otherPrescriptionId: null, otherOutsideMedicationId: 'O1' });
    const e = earlier({ otherId: 'O1', otherDose: null });
    const f = facts({ actives: new Map([['O1', { lineage: ['O1'], dose: null }]]) });
    expect(collapseRepeatedOverrides([outside], [e], f)[0]!.collapsed).not.toBeNull();
    expect(notHigher(null, dose(1))).toBe(false);
  });

  it('months are calendar months from the injected instant', () => {
    expect(monthsBefore(new Date('2027-03-15T10:00:00Z'), 12).toISOString()).toBe('2026-03-15T10:00:00.000Z');
  });
});
