import { and, desc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, useTestApp } from '../../../../test/helpers/app.js';
import { createAccount, type TestAccount } from '../../../../test/helpers/actors.js';
import { PageSession } from '../../../../test/helpers/browser.js';
import { prescribeForCareTeamPatient, seedAmoxicillin } from '../../../../test/helpers/prescriptions.js';
import { auditEvents } from '../../../platform/audit/audit.tables.js';
import { medicationDoses } from './doses.tables.js';

/**
 * A prescription's adherence (its staff page and `GET /api/v1/prescriptions/:id/adherence`) is one
 * statement built once (issue 11): the prescription, the patient and the times are its values, so
 * two patients read in turn, at two times, must each get their own figures and their own audit row.
 */
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const t = useTestApp();
let doctor: TestAccount;
let productId: string;

beforeAll(async () => {
  doctor = await createAccount(t, { role: 'doctor' });
  productId = await seedAmoxicillin(t, doctor);
});

/** A patient on the doctor's care team with a signed prescription starting in 60 hours (no dose of its own yet). */
async function patientWithPrescription(): Promise<{ patientId: string; prescriptionId: string }> {
  const patient = await createAccount(t, { role: 'patient' });
  const prescriptionId = await prescribeForCareTeamPatient(t, doctor, patient.patientId!, {
    productId,
    frequency: { kind: 'at_times', times: ['21:00'] },
    startsAt: new Date(t.clock.now().getTime() + 60 * HOUR),
    durationDays: 30,
    sign: true,
  });
  return { patientId: patient.patientId!, prescriptionId };
}

/** Past doses, due the given times ago, with the statuses given. */
async function pastDoses(target: { patientId: string; prescriptionId: string }, doses: [status: 'taken' | 'skipped', msAgo: number][]) {
  const now = t.clock.now();
  await t.db.insert(medicationDoses).values(
    doses.map(([status, msAgo]) => {
      const dueAt = new Date(now.getTime() - msAgo);
      return {
        ...target,
        dueAt,
        status,
        recordedAt: dueAt,
        administeredAt: status === 'taken' ? dueAt : null,
        createdAt: now,
        updatedAt: now,
      };
    }),
  );
}

describe('a prescription’s adherence, built once', () => {
  it('reads two patients’ adherence in turn, at two times: each answer has its own figures and doses, and one audit row naming it', async () => {
    const first = await patientWithPrescription();
    const second = await patientWithPrescription();
    // First: taken 2 days ago, skipped 5 minutes inside the week, taken 10 days ago. Second: skipped a day ago.
    await pastDoses(first, [
      ['taken', 2 * DAY],
      ['skipped', 7 * DAY - 5 * MINUTE],
      ['taken', 10 * DAY],
    ]);
    await pastDoses(second, [['skipped', DAY]]);
    const readOf = (patientId: string) =>
      t.db
        .select({ resourceId: auditEvents.resourceId, at: auditEvents.occurredAt })
        .from(auditEvents)
        .where(and(eq(auditEvents.patientId, patientId), eq(auditEvents.action, 'medication_dose.adherence_read')))
        .orderBy(desc(auditEvents.id));
    const adherenceOf = async (prescriptionId: string) => {
      const res = await api(t, 'GET', `/api/v1/prescriptions/${prescriptionId}/adherence`, { token: doctor.token });
      expect(res.statusCode, res.body).toBe(200);
      return res.json<{ prescriptionId: string; patientId: string; adherence: unknown; recentDoses: { status: string }[] }>();
    };

    const firstNow = await adherenceOf(first.prescriptionId);
    expect(firstNow).toMatchObject({ prescriptionId: first.prescriptionId, patientId: first.patientId });
    expect(firstNow.adherence).toEqual({ last7Days: { due: 2, taken: 1, percent: 50 }, last30Days: { due: 3, taken: 2, percent: 67 } });
    expect(firstNow.recentDoses.map((d) => d.status).sort()).toEqual(['skipped', 'taken']);
    const secondNow = await adherenceOf(second.prescriptionId);
    expect(secondNow).toMatchObject({ prescriptionId: second.prescriptionId, patientId: second.patientId });
    expect(secondNow.adherence).toEqual({ last7Days: { due: 1, taken: 0, percent: 0 }, last30Days: { due: 1, taken: 0, percent: 0 } });
    expect(secondNow.recentDoses.map((d) => d.status)).toEqual(['skipped']);

    // Ten minutes on, the skipped dose has left the first patient's week (the counts and the doses shown), not the month.
    t.clock.advance(10 * MINUTE);
    const firstLater = await adherenceOf(first.prescriptionId);
    expect(firstLater.adherence).toEqual({ last7Days: { due: 1, taken: 1, percent: 100 }, last30Days: { due: 3, taken: 2, percent: 67 } });
    expect(firstLater.recentDoses.map((d) => d.status)).toEqual(['taken']);
    const page = await new PageSession(t, doctor.cookie).get(`/staff/prescriptions/${second.prescriptionId}/doses`);
    expect(page.statusCode).toBe(200);

    expect(await readOf(first.patientId)).toEqual([
      { resourceId: first.prescriptionId, at: t.clock.now() },
      { resourceId: first.prescriptionId, at: new Date(t.clock.now().getTime() - 10 * MINUTE) },
    ]);
    expect(await readOf(second.patientId)).toEqual([
      { resourceId: second.prescriptionId, at: t.clock.now() },
      { resourceId: second.prescriptionId, at: new Date(t.clock.now().getTime() - 10 * MINUTE) },
    ]);
  });
});
