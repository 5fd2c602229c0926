import { describe, expect, it } from 'vitest';
import { runSigningChecks, type MedicineFacts, type SigningFacts } from './signing-checks.js';

const med = (name: string, ingredients: [string, string][], tags: string[] = []): MedicineFacts => ({
  name,
  ingredients: ingredients.map(([rxcui, n]) => ({ rxcui, name: n })),
  tags,
});
const active = (id: string, m: MedicineFacts) => ({ ...m, id });

const amoxicillin = med('Amoxicillin 500 mg capsule', [['723', 'amoxicillin']]);
const simvastatin = med('Simvastatin 20 mg tablet', [['36567', 'simvastatin']]);
const clarithromycin = med('Clarithromycin 500 mg tablet', [['21212', 'clarithromycin']]);
const warfarin = med('Warfarin 5 mg tablet', [['11289', 'warfarin']]);
const amiodarone = med('Amiodarone 200 mg tablet', [['703', 'amiodarone']]);

const facts = (over: Partial<SigningFacts>): SigningFacts => ({
  candidate: amoxicillin,
  actives: [],
  allergyStatus: 'no_known_allergies',
  allergies: [],
  codesEdition: 'RxNorm (2014)',
  ...over,
});
const ID1 = '00000000-0000-4000-8000-000000000001';
const ALLERGY = '00000000-0000-4000-8000-0000000000a1';

describe('signing checks (composed)', () => {
  it('nothing to say: no alerts', () => {
    expect(runSigningChecks(facts({}))).toEqual([]);
  });

  it('an ONC pair raises a high-priority alert naming both drugs, the rule, the source edition and its consequence (awaiting review)', () => {
    const alerts = runSigningChecks(facts({ candidate: clarithromycin, actives: [active(ID1, simvastatin)] }));
    const onc = alerts.filter((a) => a.source === 'onc_high_priority');
    expect(onc).toHaveLength(1);
    const alert = onc[0];
    expect(alert).toMatchObject({
      key: `onc:11:${ID1}`,
      kind: 'interaction',
      severity: 'high_priority',
      requiresOverride: true,
      source: 'onc_high_priority',
      drug: 'Clarithromycin 500 mg tablet',
      otherDrug: 'Simvastatin 20 mg tablet',
      otherPrescriptionId: ID1,
      rule: '11',
      consequenceReviewed: false,
    });
    expect(alert!.sourceEdition).toContain('ONC');
    expect(alert!.consequence).toBeTruthy();
  });

  it('rule 8 only for two products tagged qt_prolonging', () => {
    const a = med('Product A', [['26225', 'ondansetron']], ['qt_prolonging']);
    const b = med('Product B', [['5093', 'haloperidol']], ['qt_prolonging']);
    const untagged = med('Product B', [['5093', 'haloperidol']]);
    expect(runSigningChecks(facts({ candidate: a, actives: [active(ID1, b)] })).map((x) => x.key)).toContain(`onc:8:${ID1}`);
    expect(runSigningChecks(facts({ candidate: a, actives: [active(ID1, untagged)] })).map((x) => x.key)).not.toContain(`onc:8:${ID1}`);
  });

  it('a VA critical pair needs an override and carries no consequence', () => {
    const alerts = runSigningChecks(facts({ candidate: warfarin, actives: [active(ID1, amiodarone)] }));
    expect(alerts.find((a) => a.source === 'va_ndfrt')).toMatchObject({
      key: `va:${ID1}`,
      severity: 'critical',
      requiresOverride: true,
      consequence: null,
      otherDrug: 'Amiodarone 200 mg tablet',
    });
  });

  it('penicillin allergy → amoxicillin: a class alert (penicillins) needing an override', () => {
    const alerts = runSigningChecks(
      facts({ allergyStatus: 'has_allergies', allergies: [{ id: ALLERGY, substance: 'penicillin', rxcui: '70618', status: 'active' }] }),
    );
    expect(alerts).toEqual([
      expect.objectContaining({
        key: `allergy_class:${ALLERGY}:penicillins`,
        kind: 'allergy_class',
        severity: 'high_priority',
        requiresOverride: true,
        source: 'allergy_drug_classes',
        drug: 'Amoxicillin 500 mg capsule',
        otherDrug: 'penicillin',
        rule: 'penicillins',
        consequence: null,
      }),
    ]);
  });

  it('an allergy to the ingredient itself is critical; an inactive allergy is not checked', () => {
    const alerts = runSigningChecks(
      facts({
        allergyStatus: 'has_allergies',
        allergies: [
          { id: ALLERGY, substance: 'amoxicillin', rxcui: '723', status: 'active' },
          { id: ID1, substance: 'amoxicillin', rxcui: '723', status: 'resolved' },
        ],
      }),
    );
    expect(alerts.map((a) => [a.kind, a.severity])).toEqual([['allergy_ingredient', 'critical']]);
  });

  it('a cephalosporin with a penicillin allergy: the broader beta-lactam class', () => {
    const cefazolin = med('Cefazolin 1 g injection', [['2180', 'cefazolin']]);
    const alerts = runSigningChecks(
      facts({
        candidate: cefazolin,
        allergyStatus: 'has_allergies',
        allergies: [{ id: ALLERGY, substance: 'amoxicillin', rxcui: '723', status: 'active' }],
      }),
    );
    expect(alerts.map((a) => a.rule)).toEqual(['beta_lactams']);
  });

  it('a free-text allergy asks for review; "not recorded" warns; neither needs an override', () => {
    const uncoded = runSigningChecks(
      facts({
        allergyStatus: 'has_allergies',
        allergies: [{ id: ALLERGY, substance: 'the pink antibiotic', rxcui: null, status: 'active' }],
      }),
    );
    expect(uncoded).toEqual([
      expect.objectContaining({ kind: 'allergy_uncoded', severity: 'review', requiresOverride: false, otherDrug: 'the pink antibiotic' }),
    ]);
    const notRecorded = runSigningChecks(facts({ allergyStatus: 'not_recorded' }));
    expect(notRecorded).toEqual([
      expect.objectContaining({
        key: 'allergies_not_recorded',
        kind: 'allergies_not_recorded',
        severity: 'warning',
        requiresOverride: false,
      }),
    ]);
    expect(runSigningChecks(facts({ allergyStatus: 'no_known_allergies' }))).toEqual([]);
  });

  it('duplicate therapy: the same ingredient already active, in a combination product too', () => {
    const coAmoxiclav = med('Co-amoxiclav 500/125 mg tablet', [
      ['723', 'amoxicillin'],
      ['48203', 'clavulanate'],
    ]);
    expect(runSigningChecks(facts({ actives: [active(ID1, coAmoxiclav)] }))).toEqual([
      expect.objectContaining({
        key: `duplicate:${ID1}`,
        kind: 'duplicate_therapy',
        severity: 'warning',
        rule: 'amoxicillin',
        requiresOverride: false,
      }),
    ]);
  });

  it('most severe first', () => {
    const alerts = runSigningChecks(
      facts({
        candidate: warfarin,
        actives: [active(ID1, amiodarone), active('00000000-0000-4000-8000-000000000002', warfarin)],
        allergyStatus: 'not_recorded',
      }),
    );
    expect(alerts.map((a) => a.severity)).toEqual(['critical', 'warning', 'warning']);
  });
});
