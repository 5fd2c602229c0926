import { eq, inArray } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, useTestApp } from '../../../test/helpers/app.js';
import { createAccount, type TestAccount } from '../../../test/helpers/actors.js';
import { putOnCareTeam } from '../../../test/helpers/patients.js';
import { auditEvents } from '../../platform/audit/audit.tables.js';
import { patients } from '../patients/index.js';
import { medicationProducts } from './medications.tables.js';
import { seedFormularyProducts } from './medications.seed.js';
import { prescriptions } from './prescriptions.tables.js';
import { completeEndedPrescriptions } from './services/prescription-completion.service.js';

const DAY = 86_400_000;

describe('signed prescriptions complete when their course ends', () => {
  const t = useTestApp();
  let doctor: TestAccount;
  let patientId: string;
  let productIds: string[];

  beforeAll(async () => {
    doctor = await createAccount(t, { role: 'doctor' });
    patientId = (await createAccount(t, { role: 'patient' })).patientId!;
    await putOnCareTeam(t, patientId, doctor.staffId!);
    await t.db.update(patients).set({ allergyStatus: 'no_known_allergies' }).where(eq(patients.id, patientId));
    await seedFormularyProducts(t.db, t.clock.now(), doctor.userId, [
      { name: 'Metformin 500 mg tablet', doseForm: 'tablet', route: 'oral', ingredients: [['6809', 500, 'mg']] },
      { name: 'Lisinopril 10 mg tablet', doseForm: 'tablet', route: 'oral', ingredients: [['29046', 10, 'mg']] },
      { name: 'Levothyroxine 50 microgram tablet', doseForm: 'tablet', route: 'oral', ingredients: [['10582', 50, 'ug']] },
    ]);
    productIds = (await t.db.select({ id: medicationProducts.id }).from(medicationProducts).orderBy(medicationProducts.name)).map(
      (p) => p.id,
    );
  });

  const signed = async (productId: string, timing: Record<string, unknown>) => {
    const draft = await api(t, 'POST', '/api/v1/prescriptions', {
      token: doctor.token,
      body: {
        patientId,
        productId,
        dose: { value: 1, unit: '{tablet}' },
        frequency: { kind: 'times_a_day', times: 1 },
        startsAt: t.clock.now().toISOString(),
        ...timing,
      },
    });
    expect(draft.statusCode, draft.body).toBe(201);
    const id = draft.json().id as string;
    expect((await api(t, 'POST', `/api/v1/prescriptions/${id}/sign`, { token: doctor.token, body: { overrides: [] } })).statusCode).toBe(
      200,
    );
    return id;
  };

  it('by duration or end instant, once, with a system audit row each; open-ended ones stay signed', async () => {
    const week = await signed(productIds[0]!, { durationDays: 7 });
    const tenDays = await signed(productIds[1]!, { endsAt: new Date(t.clock.now().getTime() + 10 * DAY).toISOString() });
    const openEnded = await signed(productIds[2]!, {});
    const statuses = async () =>
      Object.fromEntries(
        (
          await t.db
            .select()
            .from(prescriptions)
            .where(inArray(prescriptions.id, [week, tenDays, openEnded]))
        ).map((p) => [p.id, p.status]),
      );

    // A minute before the week ends: nothing yet.
    expect(await completeEndedPrescriptions(t.db, new Date(t.clock.now().getTime() + 7 * DAY - 60_000))).toBe(0);
    expect(await completeEndedPrescriptions(t.db, new Date(t.clock.now().getTime() + 7 * DAY))).toBe(1);
    expect(await statuses()).toEqual({ [week]: 'completed', [tenDays]: 'signed', [openEnded]: 'signed' });

    const later = new Date(t.clock.now().getTime() + 400 * DAY);
    expect(await completeEndedPrescriptions(t.db, later)).toBe(1);
    expect(await completeEndedPrescriptions(t.db, later)).toBe(0);
    expect(await statuses()).toEqual({ [week]: 'completed', [tenDays]: 'completed', [openEnded]: 'signed' });

    const audits = await t.db.select().from(auditEvents).where(eq(auditEvents.action, 'prescription.complete'));
    expect(audits.map((a) => [a.resourceId, a.patientId, a.actorUserId]).sort()).toEqual(
      [
        [week, patientId, null],
        [tenDays, patientId, null],
      ].sort(),
    );
    // A completed prescription is no longer active: a new one of the same product raises no duplicate.
    const again = await api(t, 'POST', '/api/v1/prescriptions', {
      token: doctor.token,
      body: {
        patientId,
        productId: productIds[0],
        dose: { value: 1, unit: '{tablet}' },
        frequency: { kind: 'times_a_day', times: 1 },
        startsAt: t.clock.now().toISOString(),
      },
    });
    const check = await api(t, 'POST', `/api/v1/prescriptions/${again.json().id}/check`, { token: doctor.token });
    expect(check.json().alerts).toEqual([]);
  });
});
