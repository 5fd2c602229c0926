import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../../platform/audit/audit.tables.js';
import { issueSession } from '../../platform/auth/session.service.js';
import { sessionCookieName } from '../../platform/http/cookies.js';
import { outbox } from '../../platform/outbox/outbox.tables.js';
import { clinicalAlertRecipients, clinicalAlerts, escalateDueClinicalAlerts } from '../clinical-alerts/index.js';
import { careTeamMembers } from '../patients/index.js';
import { encounters, observations } from '../records/index.js';
import { departments, staffProfiles } from '../staff/index.js';
import { api, useTestApp } from '../../../test/helpers/app.js';
import { PageSession } from '../../../test/helpers/browser.js';
import { createAccount, createPatientRecord, type TestAccount } from '../../../test/helpers/actors.js';
import { freshToken } from '../../../test/helpers/patients.js';
import { patientVitalSettings, vitalSets } from './index.js';

const t = useTestApp({ env: { CLINICAL_ALERT_FALLBACK: 'department:ONCALL-V' } });
const MINUTE = 60_000;

let doctor: TestAccount; // the ward doctor: open encounters are theirs
let nurse: TestAccount; // ward nurse, not on any care team
let teamDoctor: TestAccount;
let wardNurseLead: TestAccount;
let onCall: TestAccount;
let otherNurse: TestAccount; // another department
let patientId: string;
let childId: string;
let outsideId: string;
let selfPatient: TestAccount;

const NEWS2_7 = {
  respiratoryRate: 25, // 3
  spo2: 95, // 1
  onOxygen: false,
  systolicBp: 105, // 1
  pulse: 115, // 2
  consciousness: 'alert',
  temperature: 37,
};
const NORMAL = { respiratoryRate: 16, spo2: 97, onOxygen: false, systolicBp: 124, pulse: 72, consciousness: 'alert', temperature: 36.8 };

async function department(code: string) {
  const [row] = await t.db.insert(departments).values({ code, name: code, createdAt: t.clock.now() }).returning();
  return row!.id;
}
async function staff(role: 'doctor' | 'nurse', departmentId: string | null, nurseLead = false) {
  const a = await createAccount(t, { role, nurseLead });
  if (departmentId) await t.db.update(staffProfiles).set({ departmentId }).where(eq(staffProfiles.userId, a.userId));
  return a;
}
async function openEncounter(pid: string, clinician: TestAccount) {
  await t.db.insert(encounters).values({
    patientId: pid,
    clinicianId: clinician.staffId!,
    type: 'inpatient',
    status: 'in_progress',
    startedAt: t.clock.now(),
    createdBy: clinician.userId,
    createdAt: t.clock.now(),
    updatedAt: t.clock.now(),
  });
}
const post = async (who: TestAccount, pid: string, body: unknown) =>
  api(t, 'POST', `/api/v1/patients/${pid}/vitals`, { token: await freshToken(t, who.userId), body });

beforeAll(async () => {
  const ward = await department('WARD-V');
  const other = await department('OTHER-V');
  const oncallDept = await department('ONCALL-V');
  doctor = await staff('doctor', ward);
  nurse = await staff('nurse', ward);
  teamDoctor = await staff('doctor', null);
  wardNurseLead = await staff('nurse', ward, true);
  onCall = await staff('doctor', oncallDept);
  otherNurse = await staff('nurse', other);
  patientId = (await createPatientRecord(t, { givenName: 'Ada', familyName: 'Ward', birthDate: '1950-03-01' })).id;
  childId = (await createPatientRecord(t, { birthDate: `${t.clock.now().getUTCFullYear() - 10}-01-01` })).id;
  outsideId = (await createPatientRecord(t)).id;
  await openEncounter(patientId, doctor);
  await openEncounter(childId, doctor);
  await t.db.insert(careTeamMembers).values({ patientId, staffId: teamDoctor.staffId!, startsAt: t.clock.now(), createdAt: t.clock.now() });
  selfPatient = await createAccount(t, { role: 'patient' });
});

describe('entering a set of vital signs', () => {
  it('refuses an impossible value with 400 naming the field, and writes nothing', async () => {
    const res = await post(nurse, patientId, { ...NORMAL, systolicBp: 1200, temperature: 60 });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'validation_failed' });
    expect(
      res
        .json()
        .errors.map((e: { path: string }) => e.path)
        .sort(),
    ).toEqual(['systolicBp', 'temperature']);
    expect(await t.db.select().from(vitalSets).where(eq(vitalSets.patientId, patientId))).toHaveLength(0);
  });

  it('asks to confirm an implausible value (422 naming the field), then stores it flagged', async () => {
    const refused = await post(nurse, patientId, { ...NORMAL, pulse: 240 });
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({ code: 'confirmation_required', errors: [{ path: 'pulse' }] });
    expect(await t.db.select().from(vitalSets).where(eq(vitalSets.patientId, patientId))).toHaveLength(0);

    const saved = await post(nurse, patientId, { ...NORMAL, pulse: 240, confirmImplausible: true });
    expect(saved.statusCode).toBe(201);
    expect(saved.json()).toMatchObject({ hasImplausible: true, news2: { status: 'scored', total: 3, redScore: true, response: 'urgent' } });
    const rows = await t.db.select().from(observations).where(eq(observations.setId, saved.json().id));
    expect(rows).toHaveLength(6); // air or oxygen is the set's, not an observation
    expect(rows.find((r) => r.code === '8867-4')).toMatchObject({ value: 240, unit: '/min', flag: 'implausible', source: 'clinician' });
    expect(rows.filter((r) => r.flag === null)).toHaveLength(5);
  });

  it('a nurse off the department gets 404 and a denied audit row', async () => {
    const res = await post(otherNurse, patientId, NORMAL);
    expect(res.statusCode).toBe(404);
    const denied = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.actorUserId, otherNurse.userId), eq(auditEvents.outcome, 'denied')));
    expect(denied.length).toBeGreaterThan(0);
  });

  it('NEWS2 is not applicable under 16: no score, no alert', async () => {
    const res = await post(nurse, childId, NEWS2_7);
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ news2: { status: 'not_applicable', total: null, response: null }, alertId: null });
  });
});

describe('the NEWS2 response', () => {
  it('NEWS2 7 raises the emergency alert to the responsible doctor, the care team and the department at once, and escalates', async () => {
    const res = await post(nurse, patientId, NEWS2_7);
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.news2).toMatchObject({ status: 'scored', total: 7, response: 'emergency', risk: 'high' });
    expect(body.alertId).toBeTruthy();
    const [alert] = await t.db.select().from(clinicalAlerts).where(eq(clinicalAlerts.id, body.alertId));
    expect(alert).toMatchObject({
      kind: 'news2_emergency',
      severity: 'critical',
      responsibleUserId: doctor.userId,
      sourceType: 'vital_set',
    });
    const reached = await t.db.select().from(clinicalAlertRecipients).where(eq(clinicalAlertRecipients.alertId, body.alertId));
    expect(new Map(reached.map((r) => [r.userId, r.step]))).toEqual(
      new Map([
        [doctor.userId, 0],
        [teamDoctor.userId, 1],
        [wardNurseLead.userId, 3],
      ]),
    );
    // Outside the app: only that a patient needs review.
    const mails = await t.db.select().from(outbox).where(eq(outbox.recipientUserId, doctor.userId));
    expect(mails.length).toBeGreaterThan(0);
    for (const m of mails) expect(`${m.subject} ${m.text}`).not.toMatch(/NEWS2|Ada|Ward/);

    // Unacknowledged: the fallback (on-call) five minutes later, not before.
    t.clock.advance(4 * MINUTE);
    await escalateDueClinicalAlerts(t.db, t.clock.now());
    expect((await t.db.select().from(clinicalAlertRecipients).where(eq(clinicalAlertRecipients.alertId, body.alertId))).length).toBe(3);
    t.clock.advance(1 * MINUTE);
    await escalateDueClinicalAlerts(t.db, t.clock.now());
    const after = await t.db.select().from(clinicalAlertRecipients).where(eq(clinicalAlertRecipients.alertId, body.alertId));
    expect(after.find((r) => r.userId === onCall.userId)).toMatchObject({ step: 4 });
  });

  it('an incomplete set with a single 3 raises the urgent review to one clinician; 1–4 raises nothing', async () => {
    const urgent = await post(nurse, patientId, { respiratoryRate: 7 });
    expect(urgent.json()).toMatchObject({ news2: { status: 'incomplete', total: null, redScore: true, response: 'urgent' } });
    const [alert] = await t.db.select().from(clinicalAlerts).where(eq(clinicalAlerts.id, urgent.json().alertId));
    expect(alert).toMatchObject({ kind: 'news2_urgent', severity: 'high', escalationStep: 0 });
    const low = await post(nurse, patientId, { ...NORMAL, pulse: 95 });
    expect(low.json()).toMatchObject({ news2: { total: 1, response: 'ward' }, alertId: null });
  });

  it('scale 2 is set by a doctor with a reason (audited), never by a nurse; then 88 % scores 0', async () => {
    const token = await freshToken(t, teamDoctor.userId);
    const noReason = await api(t, 'PUT', `/api/v1/patients/${patientId}/vital-settings`, {
      token,
      body: { spo2Scale: 2, pregnant: false },
    });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().errors[0].path).toBe('spo2ScaleReason');
    const byNurse = await api(t, 'PUT', `/api/v1/patients/${patientId}/vital-settings`, {
      token: await freshToken(t, nurse.userId),
      body: { spo2Scale: 2, spo2ScaleReason: 'COPD', pregnant: false },
    });
    expect(byNurse.statusCode).toBe(403);
    const ok = await api(t, 'PUT', `/api/v1/patients/${patientId}/vital-settings`, {
      token,
      body: { spo2Scale: 2, spo2ScaleReason: 'COPD with hypercapnic failure, target 88-92 %', pregnant: false },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.headers.etag).toBe('"1"');
    const [audit] = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'vital_settings.update'), eq(auditEvents.patientId, patientId)));
    expect(audit!.detail).toMatchObject({ spo2Scale: { from: 1, to: 2 } });
    const stale = await api(t, 'PUT', `/api/v1/patients/${patientId}/vital-settings`, {
      token,
      headers: { 'if-match': '"7"' },
      body: { spo2Scale: 1, pregnant: false },
    });
    expect(stale.statusCode).toBe(412);

    t.clock.advance(MINUTE);
    const set = await post(nurse, patientId, { ...NORMAL, spo2: 88 });
    expect(set.json()).toMatchObject({ news2: { scale: 2, total: 0, response: 'routine' } });
    const [settings] = await t.db.select().from(patientVitalSettings).where(eq(patientVitalSettings.patientId, patientId));
    expect(settings).toMatchObject({ spo2Scale: 2, updatedBy: teamDoctor.userId });
  });

  it('the round lists the department patients with the last NEWS2 and overdue observations', async () => {
    t.clock.advance(2 * 60 * MINUTE);
    const res = await api(t, 'GET', '/api/v1/vitals/round', { token: await freshToken(t, nurse.userId) });
    expect(res.statusCode, res.body).toBe(200);
    const ids = res.json().items.map((i: { patient: { id: string } }) => i.patient.id);
    expect(ids).toContain(patientId);
    expect(ids).not.toContain(outsideId);
    const ada = res.json().items.find((i: { patient: { id: string } }) => i.patient.id === patientId);
    // The last set scored 0 (12-hourly): not overdue two hours later.
    expect(ada).toMatchObject({ overdue: false, news2: { total: 0 } });
  });
});

describe('the round page', () => {
  /** The entry form's fields as a browser posts them. */
  const form = (set: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(set).map(([k, v]) => [k, k === 'onOxygen' ? (v ? 'oxygen' : 'air') : String(v)]));

  it('a routine set moves on to the next overdue patient; an emergency set stops at the patient with the score and the response', async () => {
    const first = (await createPatientRecord(t, { givenName: 'Bea', familyName: 'Roundtest', birthDate: '1948-05-02' })).id;
    const second = (await createPatientRecord(t, { givenName: 'Cal', familyName: 'Roundtest', birthDate: '1951-07-09' })).id;
    await openEncounter(first, doctor);
    await openEncounter(second, doctor);
    // The account's own browser session has idled out as the clock moved on: a fresh one.
    const session = await issueSession(t.db, { userId: nurse.userId, kind: 'browser', ip: null, userAgent: 'vitest', now: t.clock.now() });
    const page = new PageSession(t, `${sessionCookieName(t.config)}=${session.token}`);
    expect((await page.get(`/staff/vitals/round/${first}`)).statusCode).toBe(200);

    const routine = await page.post(`/staff/vitals/round/${first}`, form(NORMAL));
    expect(routine.statusCode, routine.body).toBe(303);
    expect(routine.headers.location).toBe(`/staff/vitals/round/${second}`);

    await page.get(`/staff/vitals/round/${second}`);
    const emergency = await page.post(`/staff/vitals/round/${second}`, form(NEWS2_7));
    expect(emergency.statusCode, emergency.body).toBe(303);
    expect(emergency.headers.location).toBe(`/staff/patients/${second}/vitals?saved=1`);
    const shown = await page.get(emergency.headers.location as string);
    expect(shown.statusCode).toBe(200);
    expect(shown.body).toContain('NEWS2 7');
    expect(shown.body).toContain('Emergency response by the team');
  });
});

describe("a patient's own readings", () => {
  it('records home readings (not scored) and reads them back; staff-only fields are refused', async () => {
    const token = await freshToken(t, selfPatient.userId);
    const bad = await api(t, 'POST', '/api/v1/me/vitals', { token, body: { consciousness: 'alert' } });
    expect(bad.statusCode).toBe(400);
    const ok = await api(t, 'POST', '/api/v1/me/vitals', { token, body: { systolicBp: 150, diastolicBp: 95, pulse: 80 } });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ source: 'patient', news2: { status: 'not_scored' }, alertId: null });
    const mine = await api(t, 'GET', '/api/v1/me/vitals', { token });
    expect(mine.json().items).toHaveLength(1);
    expect(
      mine
        .json()
        .items[0].readings.map((r: { field: string }) => r.field)
        .sort(),
    ).toEqual(['diastolicBp', 'pulse', 'systolicBp']);
  });
});
