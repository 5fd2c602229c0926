import { beforeAll, describe, expect, it } from 'vitest';
import { api, useTestApp } from '../../../../test/helpers/app.js';
import { createAccount, type TestAccount } from '../../../../test/helpers/actors.js';
import { countQueries } from '../../../../test/helpers/query-count.js';
import { auditRowsOf, serviceContextOf } from '../../../../test/helpers/service-context.js';
import { diagnoses, seedRecord } from '../../records/index.js';
import { charges } from '../billing.tables.js';
import { captureProcedure } from './capture.service.js';
import { getEncounterBilling } from './encounter-billing.service.js';
import { eq } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';

/**
 * The billing tier's encounter (docs/billing.md "The billing tier"): the access decision reads the
 * patient through the BILLED encounter, then the codes travel with their one audit row in a
 * statement built once — so two encounters read in turn must each show their own codes.
 */
const t = useTestApp();
let billing: TestAccount;
let doctor: TestAccount;
const SECTIONS = ['encounter', 'diagnoses', 'procedures'];

beforeAll(async () => {
  billing = await createAccount(t, { role: 'billing' });
  doctor = await createAccount(t, { role: 'doctor' });
  const item = await api(t, 'POST', '/api/v1/billing/charge-items', {
    token: billing.token,
    body: { code: 'PROC-E', name: 'Office visit', unitPriceMinor: 4000, procedureCode: '99213', effectiveFrom: '2020-01-01' },
  });
  expect(item.statusCode, item.body).toBe(201);
});

/** An encounter of a new patient with a diagnosis of its own (`code`), billed on a draft invoice unless `billed` is false. */
async function encounterOf(code: string, billed = true) {
  const patient = await createAccount(t, { role: 'patient' });
  const record = await seedRecord(t, patient.patientId!, { staffId: doctor.staffId!, userId: doctor.userId }, patient.userId, code);
  await t.db.insert(diagnoses).values({
    patientId: patient.patientId!,
    encounterId: record.encounterId,
    code,
    description: `Title of ${code}`,
    rank: 'secondary',
    chronic: false,
    recordedBy: doctor.userId,
    recordedAt: t.clock.now(),
    createdAt: t.clock.now(),
  });
  if (billed) {
    const procedureId = randomUUID();
    const performed = {
      procedureId,
      encounterId: record.encounterId,
      patientId: patient.patientId!,
      code: '99213',
      description: 'Office visit',
    };
    await t.db.transaction((tx) =>
      captureProcedure(tx, { ...performed, performedAt: t.clock.now() }, { now: t.clock.now(), actorUserId: null }),
    );
    const [charge] = await t.db.select().from(charges).where(eq(charges.sourceId, procedureId));
    const draft = await api(t, 'POST', `/api/v1/patients/${patient.patientId}/invoices`, {
      token: billing.token,
      body: { chargeIds: [charge!.id], insurerCoverageBp: 0 },
    });
    expect(draft.statusCode, draft.body).toBe(201);
  }
  return { patientId: patient.patientId!, encounterId: record.encounterId };
}

describe('a billed encounter’s codes', () => {
  it('shows each encounter its own codes, in two statements, with one audit row naming the sections', async () => {
    const first = await encounterOf('J45.909');
    const second = await encounterOf('I10');
    const counter = countQueries(t);
    for (const round of [1, 2]) {
      for (const [seen, other] of [
        [first, second],
        [second, first],
      ] as const) {
        const ctx = serviceContextOf(t, billing, 'billing');
        counter.reset();
        const codes = await getEncounterBilling(counter.db, ctx, seen.encounterId);
        expect(counter.count(), `round ${round}`).toBe(2);
        expect(codes.id).toBe(seen.encounterId);
        const shown = codes.diagnoses.map((d) => d.code);
        expect(shown).toContain(seen === first ? 'J45.909' : 'I10');
        expect(shown).not.toContain(other === first ? 'J45.909' : 'I10');
        expect(await auditRowsOf(t, ctx)).toEqual([
          {
            action: 'billing.encounter.read',
            outcome: 'success',
            resourceType: 'encounter',
            resourceId: seen.encounterId,
            patientId: seen.patientId,
            detail: expect.objectContaining({ sections: SECTIONS }),
          },
        ]);
      }
    }
  });

  it('refuses an encounter not billed, an unknown one and a clinician alike: 404 and a denied row, nothing read', async () => {
    const unbilled = await encounterOf('K21.9', false);
    const billed = await encounterOf('M54.5');
    const refusals: [TestAccount, 'billing' | 'doctor', string][] = [
      [billing, 'billing', unbilled.encounterId],
      [billing, 'billing', randomUUID()],
      [doctor, 'doctor', billed.encounterId],
    ];
    for (const [account, role, encounterId] of refusals) {
      const ctx = serviceContextOf(t, account, role);
      const counter = countQueries(t);
      await expect(getEncounterBilling(counter.db, ctx, encounterId)).rejects.toMatchObject({
        code: 'not_found',
        message: expect.stringContaining('encounter'),
      });
      expect(counter.count()).toBe(2); // the decision's facts and the denied row: no code was read
      const rows = await auditRowsOf(t, ctx);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ action: 'billing.encounter.read', outcome: 'denied' });
    }
  });
});
