import { and, desc, eq, inArray } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../../platform/audit/audit.tables.js';
import { events } from '../../platform/events/events.tables.js';
import { clinicalAlerts } from '../clinical-alerts/index.js';
import { encounters } from '../records/index.js';
import { departments, staffProfiles } from '../staff/index.js';
import { api, useTestApp } from '../../../test/helpers/app.js';
import { createAccount, createPatientRecord, type TestAccount } from '../../../test/helpers/actors.js';
import { PageSession } from '../../../test/helpers/browser.js';
import { freshToken } from '../../../test/helpers/patients.js';
import { vitalSets } from './index.js';

const t = useTestApp();
const HOUR = 3_600_000;

let doctor: TestAccount;
let nurse: TestAccount;
let otherNurse: TestAccount; // another department, choosing this one on the board
let receptionist: TestAccount;
let ward: string;
let rising: string; // NEWS2 1 → 3 → 7 (emergency alert)
let calm: string; // NEWS2 0
let unseen: string; // on the round, no set yet
let outside: string; // not on the round

const NORMAL = { respiratoryRate: 16, spo2: 97, onOxygen: false, systolicBp: 124, pulse: 72, consciousness: 'alert', temperature: 36.8 };
const ONE = { ...NORMAL, pulse: 95 }; // pulse 91–110 scores 1
const THREE = { ...NORMAL, pulse: 95, respiratoryRate: 22 }; // + RR 21–24 scores 2
const SEVEN = { respiratoryRate: 25, spo2: 95, onOxygen: false, systolicBp: 105, pulse: 115, consciousness: 'alert', temperature: 37 };

async function department(code: string) {
  const [row] = await t.db.insert(departments).values({ code, name: code, createdAt: t.clock.now() }).returning();
  return row!.id;
}
async function staff(role: 'doctor' | 'nurse' | 'receptionist', departmentId: string | null) {
  const a = await createAccount(t, { role });
  if (departmentId) await t.db.update(staffProfiles).set({ departmentId }).where(eq(staffProfiles.userId, a.userId));
  return a;
}
async function openEncounter(pid: string, clinician: TestAccount) {
  const now = t.clock.now();
  await t.db.insert(encounters).values({
    patientId: pid,
    clinicianId: clinician.staffId!,
    type: 'inpatient',
    status: 'in_progress',
    startedAt: now,
    createdBy: clinician.userId,
    createdAt: now,
    updatedAt: now,
  });
}
const record = async (pid: string, body: Record<string, unknown>, hoursAgo: number) => {
  const res = await api(t, 'POST', `/api/v1/patients/${pid}/vitals`, {
    token: await freshToken(t, nurse.userId),
    body: { ...body, takenAt: new Date(t.clock.now().getTime() - hoursAgo * HOUR).toISOString() },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: string; alertId: string | null }>();
};
const board = async (who: TestAccount, query = '') =>
  api(t, 'GET', `/api/v1/vitals/board${query}`, { token: await freshToken(t, who.userId) });

beforeAll(async () => {
  ward = await department('WARD-B');
  const other = await department('OTHER-B');
  doctor = await staff('doctor', ward);
  nurse = await staff('nurse', ward);
  otherNurse = await staff('nurse', other);
  receptionist = await staff('receptionist', ward);
  rising = (await createPatientRecord(t, { givenName: 'Rita', familyName: 'Rising', birthDate: '1950-03-01' })).id;
  calm = (await createPatientRecord(t, { givenName: 'Carl', familyName: 'Calm', birthDate: '1960-03-01' })).id;
  unseen = (await createPatientRecord(t, { givenName: 'Una', familyName: 'Unseen', birthDate: '1970-03-01' })).id;
  outside = (await createPatientRecord(t)).id;
  for (const pid of [rising, calm, unseen]) await openEncounter(pid, doctor);
  await record(rising, ONE, 3);
  await record(rising, THREE, 2);
  await record(calm, NORMAL, 2);
  await record(rising, SEVEN, 1);
});

describe('the board of critical patients', () => {
  it("lists the department's patients riskiest first, with the latest vitals, NEWS2, its trend and open alerts", async () => {
    const res = await board(nurse);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.departmentId).toBe(ward);
    expect(body.items.map((i: { patient: { id: string } }) => i.patient.id)).toEqual([rising, calm, unseen]);
    const [top, second, third] = body.items;
    expect(top.news2).toMatchObject({ total: 7, response: 'emergency', risk: 'high' });
    expect(top.trend).toEqual([1, 3, 7]);
    expect(top.direction).toBe('rising');
    expect(top.openAlerts).toHaveLength(1);
    expect(top.openAlerts[0]).toMatchObject({ kind: 'news2_emergency', severity: 'critical' });
    // The newest value of each vital, each with its time.
    expect(top.latest.find((r: { code: string }) => r.code === '9279-1')).toMatchObject({ value: 25, unit: '/min' });
    expect(top.overdue).toBe(true); // emergency: every 15 minutes, the last an hour ago
    expect(second.trend).toEqual([0]);
    expect(second.direction).toBeNull();
    expect(second.openAlerts).toEqual([]);
    // Never observed: overdue, no NEWS2.
    expect(third.news2).toBeUndefined();
    expect(third.overdue).toBe(true);
    expect(JSON.stringify(body)).not.toContain(outside);
  });

  it('shows the trend in words and times with the zone named on the page, and audits one row per patient', async () => {
    const since = t.clock.now();
    const page = await t.app.inject({ method: 'GET', url: '/staff/vitals/board', headers: { cookie: doctor.cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('1 → 3 → 7');
    expect(page.body).toContain('Rising');
    expect(page.body).toContain('High risk');
    expect(page.body).toContain('(UTC)');
    // Units in words people read, not UCUM codes.
    expect(page.body).toContain('105 mmHg');
    expect(page.body).not.toContain('mm[Hg]');
    expect(page.body).toContain('37 °C');
    expect(page.body).not.toMatch(/\bCel\b/);
    expect(page.body).toContain('hx-get="/staff/vitals/board/table?department=');
    expect(page.body).toContain('carewell:vitals.recorded from:document');
    expect(page.body).toContain('carewell:clinical_alert.changed from:document');
    // Riskiest first in the page too.
    expect(page.body.indexOf('Rita Rising')).toBeLessThan(page.body.indexOf('Carl Calm'));
    const rows = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'vital_set.board'), eq(auditEvents.actorUserId, doctor.userId)));
    expect(
      rows
        .filter((r) => r.occurredAt >= since)
        .map((r) => r.patientId)
        .sort(),
    ).toEqual([rising, calm, unseen].sort());
    expect(rows[0]!.detail).toMatchObject({ relationship: 'department_board', departmentId: ward });
  });

  it("shows another department's board when chosen, and 404 for a department that does not exist", async () => {
    const own = await board(otherNurse);
    expect(own.json().items).toEqual([]);
    const chosen = await board(otherNurse, `?department=${ward}`);
    expect(chosen.json().items).toHaveLength(3);
    const missing = await board(otherNurse, '?department=00000000-0000-4000-8000-000000000000');
    expect(missing.statusCode).toBe(404);
    const fragment = await t.app.inject({
      method: 'GET',
      url: `/staff/vitals/board/table?department=${ward}`,
      headers: { cookie: otherNurse.cookie },
    });
    expect(fragment.statusCode).toBe(200);
    expect(fragment.body).toContain('id="critical-board"');
    expect(fragment.body).not.toContain('<html');
  });

  it('refuses other roles (403)', async () => {
    expect((await board(receptionist)).statusCode).toBe(403);
    const page = await t.app.inject({ method: 'GET', url: '/staff/vitals/board', headers: { cookie: receptionist.cookie } });
    expect(page.statusCode).toBe(403);
  });

  it('links an alert only for those it reached (anyone else would get 404 opening it)', async () => {
    const onChain = (await board(doctor)).json().items[0].openAlerts[0];
    expect(onChain).toMatchObject({ kind: 'news2_emergency', onYourChain: true });
    // A doctor of another department may look at this ward's board; the alert did not reach them.
    const bystander = await staff('doctor', await department('ELSEWHERE-B'));
    const seen = (await board(bystander, `?department=${ward}`)).json().items[0].openAlerts[0];
    expect(seen).toMatchObject({ id: onChain.id, onYourChain: false });
    const page = await new PageSession(t, bystander.cookie).get(`/staff/vitals/board?department=${ward}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('NEWS2: emergency response');
    expect(page.body).not.toContain(`/clinical-alerts/${onChain.id}`);
    expect((await new PageSession(t, bystander.cookie).get(`/clinical-alerts/${onChain.id}`)).statusCode).toBe(404);
    const doctorsPage = await new PageSession(t, doctor.cookie).get(`/staff/vitals/board?department=${ward}`);
    expect(doctorsPage.body).toContain(`href="/clinical-alerts/${onChain.id}"`);
  });

  it('publishes an event when a set is recorded and when an alert is acknowledged (ids only)', async () => {
    const set = await record(calm, NORMAL, 0);
    const [recorded] = await t.db.select().from(events).where(eq(events.type, 'vitals.recorded')).orderBy(desc(events.id)).limit(1);
    expect(recorded!.data).toEqual({ setId: set.id });
    expect(recorded!.roles.sort()).toEqual(['doctor', 'nurse']);
    const [alert] = await t.db.select().from(clinicalAlerts).where(eq(clinicalAlerts.patientId, rising));
    const changed = await t.db.select().from(events).where(eq(events.type, 'clinical_alert.changed'));
    expect(changed.map((e) => e.data)).toContainEqual({ alertId: alert!.id });
    const ack = await api(t, 'POST', `/api/v1/clinical-alerts/${alert!.id}/acknowledge`, { token: await freshToken(t, doctor.userId) });
    expect(ack.statusCode, ack.body).toBe(200);
    const after = await t.db.select().from(events).where(eq(events.type, 'clinical_alert.changed'));
    expect(after.length).toBe(changed.length + 1);
    // Acknowledged: off the board's open alerts.
    expect((await board(nurse)).json().items.find((i: { patient: { id: string } }) => i.patient.id === rising).openAlerts).toEqual([]);
  });

  it('picks the latest of two sets taken at the same instant the same way on the board, the round and the chart', async () => {
    const at = new Date(t.clock.now().getTime() - HOUR / 2).toISOString();
    await api(t, 'POST', `/api/v1/patients/${unseen}/vitals`, {
      token: await freshToken(t, nurse.userId),
      body: { ...NORMAL, takenAt: at },
    });
    await api(t, 'POST', `/api/v1/patients/${unseen}/vitals`, { token: await freshToken(t, nurse.userId), body: { ...ONE, takenAt: at } });
    const sets = await t.db
      .select()
      .from(vitalSets)
      .where(inArray(vitalSets.patientId, [unseen]));
    expect(sets).toHaveLength(2);
    // Same instant, same recorded time (a frozen clock): the tie is broken by id, the greater first.
    const expected = sets.sort((a, b) => (a.id < b.id ? 1 : -1))[0]!;
    const token = await freshToken(t, nurse.userId);
    for (let i = 0; i < 3; i++) {
      const onBoard = (await board(nurse)).json().items.find((x: { patient: { id: string } }) => x.patient.id === unseen);
      expect(onBoard.news2.total).toBe(expected.news2Total);
      const round = (await api(t, 'GET', '/api/v1/vitals/round', { token })).json();
      expect(round.items.find((x: { patient: { id: string } }) => x.patient.id === unseen).news2.total).toBe(expected.news2Total);
      const chart = (await api(t, 'GET', `/api/v1/patients/${unseen}/vitals`, { token })).json();
      expect(chart.items[0].id).toBe(expected.id);
    }
  });
  it("reads and audits each department's own patients when boards and rounds are read in turn (built once)", async () => {
    const second = await department('SECOND-B');
    const secondDoctor = await staff('doctor', second);
    const secondNurse = await staff('nurse', second);
    const theirs = (await createPatientRecord(t, { givenName: 'Sol', familyName: 'Second', birthDate: '1955-03-01' })).id;
    await openEncounter(theirs, secondDoctor);
    const read = async (who: TestAccount, path: string) => {
      t.clock.advance(1000); // each read at its own time, to tell its audit rows apart
      const since = t.clock.now();
      const res = await api(t, 'GET', path, { token: await freshToken(t, who.userId) });
      expect(res.statusCode, res.body).toBe(200);
      const rows = await t.db.select().from(auditEvents).where(eq(auditEvents.occurredAt, since));
      const ids = (res.json().items as { patient: { id: string } }[]).map((i) => i.patient.id);
      return { ids, audited: rows.map((r) => [r.action, r.patientId, r.actorUserId, r.detail]) };
    };
    for (let i = 0; i < 2; i++) {
      const ours = await read(nurse, '/api/v1/vitals/board');
      expect(ours.ids.sort()).toEqual([rising, calm, unseen].sort());
      expect(ours.audited.sort()).toEqual(
        [rising, calm, unseen]
          .map((pid) => ['vital_set.board', pid, nurse.userId, { relationship: 'department_board', departmentId: ward }])
          .sort(),
      );
      const theirBoard = await read(secondNurse, '/api/v1/vitals/board');
      expect(theirBoard.ids).toEqual([theirs]);
      expect(theirBoard.audited).toEqual([
        ['vital_set.board', theirs, secondNurse.userId, { relationship: 'department_board', departmentId: second }],
      ]);
      const theirRound = await read(secondNurse, '/api/v1/vitals/round');
      expect(theirRound.ids).toEqual([theirs]);
      expect(theirRound.audited).toEqual([['vital_set.round', theirs, secondNurse.userId, {}]]);
      const ourRound = await read(nurse, '/api/v1/vitals/round');
      expect(ourRound.ids.sort()).toEqual([rising, calm, unseen].sort());
    }
    // Chosen by another department's nurse: this ward's patients, the rows naming the ward.
    const chosen = await read(secondNurse, `/api/v1/vitals/board?department=${ward}`);
    expect(chosen.ids.sort()).toEqual([rising, calm, unseen].sort());
    expect(chosen.audited.every((r) => r[2] === secondNurse.userId && (r[3] as { departmentId: string }).departmentId === ward)).toBe(true);
  });
});
