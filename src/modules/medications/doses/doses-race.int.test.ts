import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { api, useTestApp } from '../../../../test/helpers/app.js';
import { createAccount } from '../../../../test/helpers/actors.js';
import { putOnCareTeam } from '../../../../test/helpers/patients.js';
import { postgresLegReady } from '../../../../test/helpers/postgres-leg.js';
import { notifications } from '../../notifications/index.js';
import { patients } from '../../patients/index.js';
import { medicationProducts } from '../medications.tables.js';
import { seedFormularyProducts } from '../medications.seed.js';
import { medicationDoses } from './doses.tables.js';
import { materialiseDoses } from './services/dose-materialise.service.js';
import { sendDueDoseReminders } from './services/dose-reminders.service.js';

/**
 * Several job instances at once (needs real PostgreSQL; PGlite runs one transaction at a time):
 * concurrent window runs leave one row per planned dose (the unique index), and concurrent
 * reminder sweeps notify once per dose (claims skip locked rows).
 */
describe.runIf(postgresLegReady())('dose jobs running concurrently (needs real PostgreSQL)', () => {
  const t = useTestApp();

  it('four window runs and four reminder sweeps at once: one row per dose, one reminder per dose', async () => {
    const doctor = await createAccount(t, { role: 'doctor' });
    const patient = await createAccount(t, { role: 'patient' });
    await putOnCareTeam(t, patient.patientId!, doctor.staffId!);
    await t.db.update(patients).set({ allergyStatus: 'no_known_allergies' }).where(eq(patients.id, patient.patientId!));
    await seedFormularyProducts(t.db, t.clock.now(), doctor.userId, [
      { name: 'Amoxicillin 500 mg capsule', doseForm: 'capsule', route: 'oral', ingredients: [['723', 500, 'mg']] },
    ]);
    const [product] = await t.db.select().from(medicationProducts);
    const draft = await api(t, 'POST', '/api/v1/prescriptions', {
      token: doctor.token,
      body: {
        patientId: patient.patientId,
        productId: product!.id,
        dose: { value: 1, unit: '{capsule}' },
        frequency: { kind: 'every_n_hours', hours: 4 },
        startsAt: t.clock.now().toISOString(),
        durationDays: 10,
      },
    });
    const id = draft.json().id as string;
    expect((await api(t, 'POST', `/api/v1/prescriptions/${id}/sign`, { token: doctor.token, body: { overrides: [] } })).statusCode).toBe(
      200,
    );
    await t.db.delete(medicationDoses).where(eq(medicationDoses.prescriptionId, id));

    const now = t.clock.now();
    const added = await Promise.all([1, 2, 3, 4].map(() => materialiseDoses(t.db, now, [id])));
    expect(added.reduce((a, b) => a + b, 0)).toBe(12); // 48 h every 4 h, written once between them
    expect(await t.db.select().from(medicationDoses).where(eq(medicationDoses.prescriptionId, id))).toHaveLength(12);

    const later = new Date(now.getTime() + 5 * 3_600_000); // the doses at +0 h and +4 h are due
    const reports = await Promise.all([1, 2, 3, 4].map(() => sendDueDoseReminders(t.db, later)));
    expect(reports.reduce((a, r) => a + r.sent, 0)).toBe(2);
    expect(await t.db.select().from(notifications).where(eq(notifications.userId, patient.userId))).toHaveLength(2);
  });
});
