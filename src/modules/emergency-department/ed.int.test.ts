import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../../platform/audit/audit.tables.js';
import { events } from '../../platform/events/events.tables.js';
import { createUnit } from '../emergency/index.js';
import { departments } from '../staff/index.js';
import { api, useTestApp } from '../../../test/helpers/app.js';
import { createAccount, createPatientRecord, type TestAccount } from '../../../test/helpers/actors.js';
import { freshToken } from '../../../test/helpers/patients.js';
import { edArrivals, edTriageAssessments, edTriageLevels } from './index.js';

import { departmentStaff, browserNow } from './ed-test-support.js';
const t = useTestApp();
const MINUTE = 60_000;

let edNurse: TestAccount;
let edDoctor: TestAccount;
let wardNurse: TestAccount; // a nurse of another department
let admin: TestAccount;
let receptionist: TestAccount;
let edId: string;

const staff = (role: 'doctor' | 'nurse', departmentId: string) => departmentStaff(t, role, departmentId);
const as = async (a: TestAccount) => freshToken(t, a.userId);
const browser = (a: TestAccount) => browserNow(t, a);

beforeAll(async () => {
  const now = t.clock.now();
  const [ed] = await t.db.insert(departments).values({ code: 'ED', name: 'Emergency Department', createdAt: now }).returning();
  const [ward] = await t.db.insert(departments).values({ code: 'WARD-ED', name: 'Ward', createdAt: now }).returning();
  edId = ed!.id;
  edNurse = await staff('nurse', edId);
  edDoctor = await staff('doctor', edId);
  wardNurse = await staff('nurse', ward!.id);
  admin = await createAccount(t, { role: 'admin' });
  receptionist = await createAccount(t, { role: 'receptionist' });
});

describe('emergency department: triage scale', () => {
  it('is seeded with five neutral levels and their targets', async () => {
    const res = await api(t, 'GET', '/api/v1/ed/triage-scale', { token: admin.token });
    expect(res.statusCode).toBe(200);
    expect(res.json().items.map((l: { level: number; targetMinutes: number }) => [l.level, l.targetMinutes])).toEqual([
      [1, 0],
      [2, 10],
      [3, 60],
      [4, 120],
      [5, 240],
    ]);
    expect(res.json().items[0].label).toBe('Level 1 – Immediate');
  });

  it('lets administrators edit a label and target (audited, versioned); others are refused', async () => {
    const token = await as(admin);
    const changed = await api(t, 'PUT', '/api/v1/ed/triage-scale/4', {
      token,
      body: { label: 'Level 4 – Standard care', targetMinutes: 90 },
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ level: 4, label: 'Level 4 – Standard care', targetMinutes: 90, version: 2 });
    const stale = await api(t, 'PUT', '/api/v1/ed/triage-scale/4', {
      token,
      body: { label: 'Level 4', targetMinutes: 100 },
      headers: { 'if-match': '"1"' },
    });
    expect(stale.statusCode).toBe(412);
    const bad = await api(t, 'PUT', '/api/v1/ed/triage-scale/4', { token, body: { label: 'x', targetMinutes: 5000 } });
    expect(bad.statusCode).toBe(400);
    expect(
      (await api(t, 'PUT', '/api/v1/ed/triage-scale/4', { token: await as(edNurse), body: { label: 'x', targetMinutes: 1 } })).statusCode,
    ).toBe(403);
    const [row] = await t.db.select().from(edTriageLevels).where(eq(edTriageLevels.level, 4));
    expect(row).toMatchObject({ label: 'Level 4 – Standard care', targetMinutes: 90, updatedBy: admin.userId });
    const audit = await t.db.select().from(auditEvents).where(eq(auditEvents.action, 'ed.triage_scale.update'));
    expect(audit).toHaveLength(1);
    // Put it back for the other tests.
    await api(t, 'PUT', '/api/v1/ed/triage-scale/4', { token, body: { label: 'Level 4 – Standard', targetMinutes: 120 } });
  });

  it('the administrator edits the scale on its page', async () => {
    const session = await browser(admin);
    const page = await session.get('/admin/ed/triage-scale');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Level 5 – Non-urgent');
    const version = /id="ed-level-form-5"[\s\S]*?name="_version" value="(\d+)"/.exec(page.body)![1]!;
    const saved = await session.post('/admin/ed/triage-scale/5', { label: 'Level 5 – Minor', targetMinutes: '300', _version: version });
    expect(saved.statusCode, saved.body).toBe(303);
    const refused = await session.post('/admin/ed/triage-scale/5', { label: '', targetMinutes: '-1' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('field--invalid');
    await session.post('/admin/ed/triage-scale/5', { label: 'Level 5 – Non-urgent', targetMinutes: '240' });
  });
});

describe('emergency department: arrivals, triage, the board', () => {
  it('registers an arrival, triages and re-triages with the history kept, measures the wait against the target', async () => {
    const patient = await createPatientRecord(t);
    const token = await as(edNurse);
    const created = await api(t, 'POST', '/api/v1/ed/arrivals', {
      token,
      body: { patientId: patient.id, mode: 'walk_in', chiefComplaint: 'Chest pain since this morning' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id;
    expect(created.json()).toMatchObject({ level: null, levelLabel: null, waitedMinutes: 0, overdue: false });
    // One open arrival per patient.
    const again = await api(t, 'POST', '/api/v1/ed/arrivals', {
      token,
      body: { patientId: patient.id, mode: 'walk_in', chiefComplaint: 'again' },
    });
    expect(again.statusCode).toBe(409);

    t.clock.advance(5 * MINUTE);
    const triaged = await api(t, 'POST', `/api/v1/ed/arrivals/${id}/triage`, {
      token: await as(edNurse),
      body: { level: 3, note: 'stable' },
    });
    expect(triaged.statusCode, triaged.body).toBe(200);
    expect(triaged.json()).toMatchObject({ level: 3, levelLabel: 'Level 3 – Urgent', targetMinutes: 60, waitedMinutes: 5, overdue: false });

    t.clock.advance(10 * MINUTE);
    const doctorToken = await as(edDoctor);
    const retriaged = await api(t, 'POST', `/api/v1/ed/arrivals/${id}/triage`, { token: doctorToken, body: { level: 2 } });
    expect(retriaged.json()).toMatchObject({
      level: 2,
      levelLabel: 'Level 2 – Very urgent',
      targetMinutes: 10,
      waitedMinutes: 15,
      overdue: true,
    });

    const readRows = () =>
      t.db
        .select({ patientId: auditEvents.patientId })
        .from(auditEvents)
        .where(and(eq(auditEvents.action, 'ed.arrival.read'), eq(auditEvents.resourceId, id)))
        .orderBy(auditEvents.id);
    const readsBefore = (await readRows()).length;
    const detail = await api(t, 'GET', `/api/v1/ed/arrivals/${id}`, { token: doctorToken });
    expect(detail.json().triageHistory.map((h: { level: number; assessedBy: string }) => [h.level, h.assessedBy])).toEqual([
      [3, edNurse.userId],
      [2, edDoctor.userId],
    ]);
    // The labels from the scale and the assessors' names, read with the view's one audit row.
    expect(detail.json().triageHistory).toEqual([
      expect.objectContaining({ levelLabel: 'Level 3 – Urgent', assessedByName: expect.stringMatching(/\S \S/) }),
      expect.objectContaining({ levelLabel: 'Level 2 – Very urgent', assessedByName: expect.stringMatching(/\S \S/) }),
    ]);
    expect(detail.json().patient.id).toBe(patient.id);
    expect((await readRows()).slice(readsBefore)).toEqual([{ patientId: patient.id }]);
    const rows = await t.db.select().from(edTriageAssessments).where(eq(edTriageAssessments.arrivalId, id));
    expect(rows).toHaveLength(2);

    const board = await api(t, 'GET', '/api/v1/ed/board', { token: doctorToken });
    expect(board.statusCode).toBe(200);
    const waiting = board.json().waiting.find((a: { id: string }) => a.id === id);
    expect(waiting).toMatchObject({ overdue: true, levelLabel: 'Level 2 – Very urgent' });
    expect(board.json().critical.map((a: { id: string }) => a.id)).toContain(id);

    t.clock.advance(2 * MINUTE);
    const seen = await api(t, 'POST', `/api/v1/ed/arrivals/${id}/seen`, { token: doctorToken });
    expect(seen.json()).toMatchObject({ waitedMinutes: 17, overdue: true });
    t.clock.advance(30 * MINUTE);
    // The wait stops when seen.
    expect((await api(t, 'GET', `/api/v1/ed/arrivals/${id}`, { token: await as(edDoctor) })).json().waitedMinutes).toBe(17);
    const closed = await api(t, 'POST', `/api/v1/ed/arrivals/${id}/close`, { token: await as(edDoctor), body: { outcome: 'admitted' } });
    expect(closed.json()).toMatchObject({ outcome: 'admitted' });
    expect(
      (await api(t, 'POST', `/api/v1/ed/arrivals/${id}/close`, { token: await as(edDoctor), body: { outcome: 'admitted' } })).statusCode,
    ).toBe(409);
    expect((await api(t, 'POST', `/api/v1/ed/arrivals/${id}/triage`, { token: await as(edDoctor), body: { level: 1 } })).statusCode).toBe(
      422,
    );

    const actions = await t.db
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(and(eq(auditEvents.patientId, patient.id), eq(auditEvents.resourceType, 'ed_arrival')));
    expect(new Set(actions.map((a) => a.action))).toEqual(
      new Set([
        'ed.arrival.create',
        'ed.triage.record',
        'ed.triage.update',
        'ed.arrival.read',
        'ed.board.view',
        'ed.arrival.seen',
        'ed.arrival.close',
      ]),
    );
    const published = await t.db.select().from(events).where(eq(events.type, 'ed.board.changed'));
    expect(published.length).toBeGreaterThanOrEqual(5);
    expect(published[0]!.departmentIds).toEqual([edId]);
  });

  it('registers an ambulance arrival from an emergency incident and shows incoming incidents with their ETA', async () => {
    const patient = await createAccount(t, { role: 'patient' });
    const medic = await createAccount(t, { role: 'paramedic' });
    const unit = await createUnit(
      t.db,
      { callSign: 'ED-AMB-1', crewUserIds: [medic.userId], latitude: 48.86, longitude: 2.36 },
      t.clock.now(),
    );
    const sos = await api(t, 'POST', '/api/v1/emergency/incidents', {
      token: patient.token,
      body: { location: { latitude: 48.85, longitude: 2.35 } },
      headers: { 'idempotency-key': 'ed-test-key-1' },
    });
    expect(sos.statusCode).toBe(201);
    const incidentId = sos.json().id;
    const board = await api(t, 'GET', '/api/v1/ed/board', { token: await as(edNurse) });
    expect(board.json().incoming).toContainEqual(expect.objectContaining({ incidentId, status: 'received', unit: null }));
    // Dispatched: the board names the ambulance (read with the incident, in the board's one statement).
    const dispatcher = await createAccount(t, { role: 'receptionist', dispatcher: true });
    const assigned = await api(t, 'POST', `/api/v1/emergency/incidents/${incidentId}/assign`, {
      token: dispatcher.token,
      body: { unitId: unit.id },
    });
    expect(assigned.statusCode, assigned.body).toBe(200);
    const dispatched = await api(t, 'GET', '/api/v1/ed/board', { token: await as(edNurse) });
    expect(dispatched.json().incoming).toContainEqual(
      expect.objectContaining({ incidentId, status: 'ambulance_assigned', unit: { callSign: 'ED-AMB-1', status: 'assigned' } }),
    );
    const res = await api(t, 'POST', '/api/v1/ed/arrivals', {
      token: await as(edNurse),
      body: { incidentId, mode: 'ambulance', chiefComplaint: 'Fall at home', level: 1 },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ patient: { id: patient.patientId }, incidentId, mode: 'ambulance', level: 1, overdue: false });
    const walkIn = await api(t, 'POST', '/api/v1/ed/arrivals', {
      token: await as(edNurse),
      body: { incidentId, mode: 'walk_in', chiefComplaint: 'x' },
    });
    expect(walkIn.statusCode).toBe(400);
  });

  it('refuses everyone outside the emergency department: 403 for the board, 404 for an arrival', async () => {
    const [arrival] = await t.db.select().from(edArrivals).limit(1);
    const before = JSON.stringify(arrival);
    const wardToken = await as(wardNurse);
    expect((await api(t, 'GET', '/api/v1/ed/board', { token: wardToken })).statusCode).toBe(403);
    expect((await api(t, 'GET', `/api/v1/ed/arrivals/${arrival!.id}`, { token: wardToken })).statusCode).toBe(404);
    expect((await api(t, 'POST', `/api/v1/ed/arrivals/${arrival!.id}/triage`, { token: wardToken, body: { level: 5 } })).statusCode).toBe(
      404,
    );
    expect((await api(t, 'GET', '/api/v1/ed/board', { token: await as(receptionist) })).statusCode).toBe(403);
    expect((await api(t, 'GET', '/api/v1/ed/triage-scale', { token: wardToken })).statusCode).toBe(403);
    const [after] = await t.db.select().from(edArrivals).where(eq(edArrivals.id, arrival!.id));
    expect(JSON.stringify(after)).toBe(before);
    const denied = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.actorUserId, wardNurse.userId), eq(auditEvents.outcome, 'denied')));
    expect(
      denied
        .map((d) => d.action)
        .filter((a) => a.startsWith('ed.'))
        .sort(),
    ).toEqual(['ed.arrival.read', 'ed.arrival.read', 'ed.board.view']);
  });

  it('the board page, its live fragment and the arrival forms', async () => {
    const session = await browser(edNurse);
    const page = await session.get('/staff/ed');
    expect(page.statusCode, page.body).toBe(200);
    expect(page.body).toContain('hx-get="/staff/ed/board"');
    expect(page.body).toContain('carewell:ed.board.changed');
    expect(page.body).toContain('action="/alerts/code-blue"');
    expect(page.body).toContain('value="Emergency Department"');
    expect((await session.get('/staff/ed/board')).statusCode).toBe(200);
    const patient = await createPatientRecord(t);
    await session.get('/staff/ed/arrivals/new');
    const unknown = await session.post('/staff/ed/arrivals', { mrn: 'nope-000', mode: 'walk_in', chiefComplaint: 'Cut hand' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toContain('No patient has this MRN');
    const created = await session.post('/staff/ed/arrivals', { mrn: patient.mrn, mode: 'walk_in', chiefComplaint: 'Cut hand', level: '4' });
    expect(created.statusCode, created.body).toBe(303);
    const url = created.headers.location as string;
    const detail = await session.get(url);
    expect(detail.body).toContain('Level 4 – Standard');
    expect(detail.body).toContain('Cut hand');
    const id = url.split('/').pop()!.split('?')[0]!;
    expect((await session.post(`/staff/ed/arrivals/${id}/triage`, { level: '5', note: 'better' })).statusCode).toBe(303);
    expect((await session.post(`/staff/ed/arrivals/${id}/seen`, {})).statusCode).toBe(303);
    expect((await session.post(`/staff/ed/arrivals/${id}/close`, { outcome: 'discharged' })).statusCode).toBe(303);
    // Another department's nurse sees an explanation, not the board.
    const other = await (await browser(wardNurse)).get('/staff/ed');
    expect(other.statusCode).toBe(200);
    expect(other.body).not.toContain('id="ed-board"');
  });
});
