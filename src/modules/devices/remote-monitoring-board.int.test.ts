import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, useTestApp } from '../../../test/helpers/app.js';
import { createAccount, type TestAccount } from '../../../test/helpers/actors.js';
import { freshToken, putOnCareTeam } from '../../../test/helpers/patients.js';
import { auditEvents } from '../../platform/audit/audit.tables.js';

const t = useTestApp();
const at = (minutesAgo: number) => new Date(t.clock.now().getTime() - minutesAgo * 60_000).toISOString();

/** A patient on the clinician's care team, enrolled by them, with one glucose reading from a meter. */
async function monitoredPatient(clinician: TestAccount, glucose: number): Promise<string> {
  const person = await createAccount(t, { role: 'patient' });
  await putOnCareTeam(t, person.patientId!, clinician.staffId!);
  const enrol = await api(t, 'POST', `/api/v1/patients/${person.patientId}/monitoring-enrolments`, {
    token: await freshToken(t, clinician.userId),
    body: { programme: 'home_glucose' },
  });
  expect(enrol.statusCode, enrol.body).toBe(201);
  const device = await api(t, 'POST', `/api/v1/patients/${person.patientId}/devices`, {
    token: await freshToken(t, person.userId),
    body: { kind: 'glucometer', label: 'Meter' },
  });
  expect(device.statusCode, device.body).toBe(201);
  const sent = await api(t, 'POST', '/api/v1/devices/observations', {
    token: device.json().credential,
    body: { readings: [{ code: '2339-0', value: glucose, unit: 'mg/dL', effectiveAt: at(5) }] },
  });
  expect(sent.json().stored).toBe(1);
  return person.patientId!;
}

let nurse: TestAccount;
let doctor: TestAccount;
let nursesPatient: string;
let doctorsPatient: string;

beforeAll(async () => {
  nurse = await createAccount(t, { role: 'nurse' });
  doctor = await createAccount(t, { role: 'doctor' });
  nursesPatient = await monitoredPatient(nurse, 110);
  doctorsPatient = await monitoredPatient(doctor, 140);
});

/** One clinician's board, read at its own instant, with the audit rows written at that instant. */
async function boardOf(who: TestAccount) {
  t.clock.advance(1000);
  const since = t.clock.now();
  const res = await api(t, 'GET', '/api/v1/remote-monitoring/board', { token: await freshToken(t, who.userId) });
  expect(res.statusCode, res.body).toBe(200);
  const rows = await t.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.action, 'monitoring.board'), eq(auditEvents.occurredAt, since)));
  const items = res.json().items as { patient: { id: string }; readings: { value: number }[] }[];
  return { items, audited: rows.map((r) => [r.actorUserId, r.patientId, r.resourceType, r.category]) };
}

describe('the remote-monitoring board', () => {
  it("reads and audits each clinician's own patients when boards are read in turn (its statement is built once)", async () => {
    for (let round = 0; round < 2; round++) {
      const nurses = await boardOf(nurse);
      expect(nurses.items.map((i) => [i.patient.id, i.readings.map((r) => r.value)])).toEqual([[nursesPatient, [110]]]);
      expect(nurses.audited).toEqual([[nurse.userId, nursesPatient, 'monitoring_enrolment', 'clinical']]);
      const doctors = await boardOf(doctor);
      expect(doctors.items.map((i) => [i.patient.id, i.readings.map((r) => r.value)])).toEqual([[doctorsPatient, [140]]]);
      expect(doctors.audited).toEqual([[doctor.userId, doctorsPatient, 'monitoring_enrolment', 'clinical']]);
    }
  });
});
