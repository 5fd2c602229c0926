import { randomUUID } from 'node:crypto';
import { and, asc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../../platform/audit/audit.tables.js';
import { encounters } from '../records/index.js';
import { appointments, visitTypes } from '../scheduling/index.js';
import { departments, staffProfiles } from '../staff/index.js';
import { api, useTestApp } from '../../../test/helpers/app.js';
import { PageSession } from '../../../test/helpers/browser.js';
import { createAccount, createPatientRecord, type TestAccount } from '../../../test/helpers/actors.js';
import { freshToken, putOnCareTeam } from '../../../test/helpers/patients.js';

/**
 * Who reaches a patient's vitals chart (docs/vitals.md): the department round (an open encounter or
 * an appointment today with a clinician of the viewer's department), else the patients module's
 * decision. The round check and the chart are statements built once (issue 11), so charts are read
 * in turn: each must show its own patient's readings and audit that patient alone.
 */
const t = useTestApp();
const HOUR = 3_600_000;
const PULSE = '8867-4';

let wardDoctor: TestAccount; // reads the charts
let wardClinician: TestAccount; // the encounters and appointments of the round are theirs
let wardNurse: TestAccount;
let onEncounter: string;
let onAppointment: string;
let onCareTeam: string;
let cancelledToday: string;
let yesterday: string;

async function staffIn(role: 'doctor' | 'nurse', departmentId: string) {
  const account = await createAccount(t, { role });
  await t.db.update(staffProfiles).set({ departmentId }).where(eq(staffProfiles.userId, account.userId));
  return account;
}

async function appointment(patientId: string, startsAt: Date, status: 'booked' | 'cancelled') {
  const [type] = await t.db
    .insert(visitTypes)
    .values({ code: `vitals-${randomUUID()}`, name: 'Ward review', durationMinutes: 20, createdAt: t.clock.now() })
    .returning();
  await t.db.insert(appointments).values({
    patientId,
    staffId: wardClinician.staffId!,
    visitTypeId: type!.id,
    startsAt,
    endsAt: new Date(startsAt.getTime() + 20 * 60_000),
    status,
    createdAt: t.clock.now(),
    updatedAt: t.clock.now(),
  });
}

async function recordPulse(who: TestAccount, patientId: string, pulse: number) {
  const body = { respiratoryRate: 16, spo2: 97, onOxygen: false, systolicBp: 124, pulse, consciousness: 'alert', temperature: 36.8 };
  const res = await api(t, 'POST', `/api/v1/patients/${patientId}/vitals`, { token: await freshToken(t, who.userId), body });
  expect(res.statusCode, res.body).toBe(201);
}

const chartOf = async (who: TestAccount, patientId: string) =>
  api(t, 'GET', `/api/v1/patients/${patientId}/vitals`, { token: await freshToken(t, who.userId) });

const pulsesIn = (chart: { items: { readings: { code: string; value: number }[] }[] }) =>
  chart.items.flatMap((s) => s.readings.filter((r) => r.code === PULSE).map((r) => r.value));

beforeAll(async () => {
  const [ward] = await t.db.insert(departments).values({ code: 'WARD-VC', name: 'Ward VC', createdAt: t.clock.now() }).returning();
  wardDoctor = await staffIn('doctor', ward!.id);
  wardClinician = await staffIn('doctor', ward!.id);
  wardNurse = await staffIn('nurse', ward!.id);
  const ids = await Promise.all(
    ['Encounterly', 'Appointed', 'Teamwell', 'Cancelled', 'Yesterday'].map(
      async (familyName) => (await createPatientRecord(t, { givenName: 'Vera', familyName })).id,
    ),
  );
  [onEncounter, onAppointment, onCareTeam, cancelledToday, yesterday] = ids as [string, string, string, string, string];
  await t.db.insert(encounters).values({
    patientId: onEncounter,
    clinicianId: wardClinician.staffId!,
    type: 'inpatient',
    status: 'in_progress',
    startedAt: t.clock.now(),
    createdBy: wardClinician.userId,
    createdAt: t.clock.now(),
    updatedAt: t.clock.now(),
  });
  // Now is within today in any zone; 30 hours ago is before today began in every zone.
  await appointment(onAppointment, t.clock.now(), 'booked');
  await appointment(cancelledToday, t.clock.now(), 'cancelled');
  await appointment(yesterday, new Date(t.clock.now().getTime() - 30 * HOUR), 'booked');
  await putOnCareTeam(t, onCareTeam, wardDoctor.staffId!);
  await recordPulse(wardNurse, onEncounter, 61);
  await recordPulse(wardNurse, onAppointment, 62);
  await recordPulse(wardDoctor, onCareTeam, 63);
});

describe("a patient's vitals chart, read in turn", () => {
  it('shows each patient their own readings, and audits each view naming that patient and how it was reached', async () => {
    const order = [
      [onEncounter, 61, 'department_round'],
      [onCareTeam, 63, 'care_team'],
      [onAppointment, 62, 'department_round'],
      [onEncounter, 61, 'department_round'],
    ] as const;
    for (const [patientId, pulse] of order) {
      const res = await chartOf(wardDoctor, patientId);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().patientId).toBe(patientId);
      expect(pulsesIn(res.json())).toEqual([pulse]);
    }
    const rows = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.actorUserId, wardDoctor.userId), eq(auditEvents.action, 'vital_set.list')))
      .orderBy(asc(auditEvents.id));
    expect(rows.map((r) => [r.patientId, r.outcome, r.occurredAt.getTime()])).toEqual(
      order.map(([patientId]) => [patientId, 'success', t.clock.now().getTime()]),
    );
    for (const [i, [, , how]] of order.entries()) {
      const detail = rows[i]!.detail;
      expect(how === 'department_round' ? detail.relationship : detail.tier).toBe(how);
    }
  });

  it('the trends page of one patient after another shows only its own patient', async () => {
    const page = new PageSession(t, wardDoctor.cookie);
    for (const [patientId, own, other] of [
      [onEncounter, 'Encounterly', 'Teamwell'],
      [onCareTeam, 'Teamwell', 'Encounterly'],
      [onEncounter, 'Encounterly', 'Teamwell'],
    ] as const) {
      const res = await page.get(`/staff/patients/${patientId}/vitals`);
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain(own);
      expect(res.body).not.toContain(other);
    }
  });

  it('a cancelled appointment today or one yesterday does not put a patient on the round: 404 and a denied row', async () => {
    for (const patientId of [cancelledToday, yesterday]) {
      const res = await chartOf(wardNurse, patientId);
      expect(res.statusCode).toBe(404);
      const denied = await t.db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.actorUserId, wardNurse.userId), eq(auditEvents.patientId, patientId), eq(auditEvents.outcome, 'denied')));
      expect(denied).toHaveLength(1);
    }
  });
});
