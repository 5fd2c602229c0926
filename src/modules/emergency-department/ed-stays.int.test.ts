import { and, eq, isNull } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../../platform/audit/audit.tables.js';
import { careTeamMembers, patients } from '../patients/index.js';
import { departments } from '../staff/index.js';
import { api, useTestApp } from '../../../test/helpers/app.js';
import { createPatientRecord, type TestAccount } from '../../../test/helpers/actors.js';
import { freshToken } from '../../../test/helpers/patients.js';
import { departmentStaff, browserNow } from './ed-test-support.js';
import { edTriageAssessments } from './index.js';

/** Unidentified arrivals and the emergency department's care-team access for a stay (docs/emergency.md). */
const t = useTestApp();

let edNurse: TestAccount;
let edDoctor: TestAccount;
let wardNurse: TestAccount;

const staff = (role: 'doctor' | 'nurse', departmentId: string) => departmentStaff(t, role, departmentId);
const as = async (a: TestAccount) => freshToken(t, a.userId);
const browser = (a: TestAccount) => browserNow(t, a);
const audited = async (action: string, patientId: string) =>
  t.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.action, action), eq(auditEvents.patientId, patientId)));

beforeAll(async () => {
  const now = t.clock.now();
  const [ed] = await t.db.insert(departments).values({ code: 'ED', name: 'Emergency Department', createdAt: now }).returning();
  const [ward] = await t.db.insert(departments).values({ code: 'WARD-S', name: 'Ward', createdAt: now }).returning();
  edNurse = await staff('nurse', ed!.id);
  edDoctor = await staff('doctor', ed!.id);
  wardNurse = await staff('nurse', ward!.id);
});

describe('unidentified arrivals', () => {
  it('registers an unknown person (real MRN, flagged), shows them on the board, then identifies them keeping the id and records', async () => {
    const nurse = await as(edNurse);
    const now = t.clock.now();
    const created = await api(t, 'POST', '/api/v1/ed/arrivals', {
      token: nurse,
      body: {
        unidentified: { sex: 'male', approximateAge: 40 },
        mode: 'walk_in',
        chiefComplaint: 'Found collapsed in the street',
        level: 2,
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const arrival = created.json();
    expect(arrival.patient).toMatchObject({
      mrn: expect.stringMatching(/^\d+$/),
      unidentified: { sex: 'male', approximateAge: 40, since: now.toISOString() },
    });
    const [row] = await t.db.select().from(patients).where(eq(patients.id, arrival.patient.id));
    expect(row).toMatchObject({ unidentified: true, approximateAge: 40, sex: 'male', birthDate: `${now.getUTCFullYear() - 40}-07-01` });
    expect(await audited('patient.register_unidentified', row!.id)).toHaveLength(1);

    const board = await api(t, 'GET', '/api/v1/ed/board', { token: await as(edDoctor) });
    expect(board.json().critical.map((a: { id: string }) => a.id)).toContain(arrival.id);
    const page = await (await browser(edDoctor)).get('/staff/ed');
    expect(page.body).toContain('Unidentified man, about 40 —');
    expect(page.body).toContain('Unidentified patient');
    // The chart's banner says so too (the ED's clinicians are on the care team for the stay).
    const chart = await (await browser(edDoctor)).get(`/staff/patients/${row!.id}/chart`);
    expect(chart.statusCode, chart.body.slice(0, 300)).toBe(200);
    expect(chart.body).toContain('Unidentified man, about 40 —');

    const identified = await api(t, 'POST', `/api/v1/ed/arrivals/${arrival.id}/identify`, {
      token: nurse,
      body: { givenName: 'Jean', familyName: 'Valjean', birthDate: '1985-02-03', sex: 'male' },
    });
    expect(identified.statusCode, identified.body).toBe(200);
    expect(identified.json().patient).toEqual({ id: row!.id, mrn: row!.mrn, name: 'Jean Valjean', unidentified: null });
    const [after] = await t.db.select().from(patients).where(eq(patients.id, row!.id));
    expect(after).toMatchObject({ givenName: 'Jean', familyName: 'Valjean', birthDate: '1985-02-03', unidentified: false, mrn: row!.mrn });
    expect(await t.db.select().from(edTriageAssessments).where(eq(edTriageAssessments.arrivalId, arrival.id))).toHaveLength(1);
    expect(await audited('patient.identify', row!.id)).toHaveLength(1);
    const again = await api(t, 'POST', `/api/v1/ed/arrivals/${arrival.id}/identify`, {
      token: nurse,
      body: { givenName: 'Jean', familyName: 'Valjean', birthDate: '1985-02-03', sex: 'male' },
    });
    expect(again.statusCode).toBe(409);
  });

  it('refuses bad input with a clear error and writes nothing', async () => {
    const nurse = await as(edNurse);
    const countPatients = async () => (await t.db.select({ id: patients.id }).from(patients)).length;
    const post = (body: unknown) => api(t, 'POST', '/api/v1/ed/arrivals', { token: nurse, body });
    expect((await post({ unidentified: { approximateAge: 200 }, mode: 'walk_in', chiefComplaint: 'x' })).statusCode).toBe(400);
    const known = await createPatientRecord(t);
    const before = await countPatients();
    const both = await post({ patientId: known.id, unidentified: { approximateAge: 30 }, mode: 'walk_in', chiefComplaint: 'x' });
    expect(both.statusCode).toBe(400);
    expect((await post({ unidentified: { sex: 'x', approximateAge: 30 }, mode: 'walk_in', chiefComplaint: 'x' })).statusCode).toBe(400);
    expect(await countPatients()).toBe(before);
    // The page form: the box ticked without an age says what to do, beside the field.
    const session = await browser(edNurse);
    await session.get('/staff/ed/arrivals/new');
    const noAge = await session.post('/staff/ed/arrivals', {
      unidentified: 'true',
      sex: 'female',
      mode: 'walk_in',
      chiefComplaint: 'Confused',
    });
    expect(noAge.statusCode).toBe(400);
    expect(noAge.body).toContain('Give an approximate age');
    // Identifying: a future birth date, empty names, an identified patient's arrival.
    const made = await session.post('/staff/ed/arrivals', {
      unidentified: 'true',
      sex: 'female',
      approximateAge: '70',
      mode: 'walk_in',
      chiefComplaint: 'Confused',
    });
    expect(made.statusCode, made.body).toBe(303);
    const id = (made.headers.location as string).split('/').pop()!.split('?')[0]!;
    const detail = await session.get(`/staff/ed/arrivals/${id}`);
    expect(detail.body).toContain('Unidentified woman, about 70 —');
    expect(detail.body).toContain('id="ed-identify-form"');
    const identify = (body: unknown) => api(t, 'POST', `/api/v1/ed/arrivals/${id}/identify`, { token: nurse, body });
    expect((await identify({ givenName: 'A', familyName: 'B', birthDate: '2999-01-01', sex: 'female' })).statusCode).toBe(422);
    expect((await identify({ givenName: '', familyName: 'B', birthDate: '1950-01-01', sex: 'female' })).statusCode).toBe(400);
    const wrongDept = await api(t, 'POST', `/api/v1/ed/arrivals/${id}/identify`, {
      token: await as(wardNurse),
      body: { givenName: 'A', familyName: 'B', birthDate: '1950-01-01', sex: 'female' },
    });
    expect(wrongDept.statusCode).toBe(404);
    const stillUnknown = (await api(t, 'GET', `/api/v1/ed/arrivals/${id}`, { token: nurse })).json().patient;
    expect(stillUnknown.unidentified).toMatchObject({ sex: 'female', approximateAge: 70 });
    // The page form identifies.
    const done = await session.post(`/staff/ed/arrivals/${id}/identify`, {
      givenName: 'Marie',
      familyName: 'Curie',
      birthDate: '1956-11-07',
      sex: 'female',
    });
    expect(done.statusCode, done.body).toBe(303);
    expect((await session.get(`/staff/ed/arrivals/${id}`)).body).toContain('Marie Curie');
  });
});

describe('the emergency department on the care team for the stay', () => {
  it('opens the chart to the ED clinicians from registration until discharge or admission', async () => {
    const patient = await createPatientRecord(t);
    const doctor = await as(edDoctor);
    const chartRead = async (token: string) => (await api(t, 'GET', `/api/v1/patients/${patient.id}/allergies`, { token })).statusCode;
    expect(await chartRead(doctor)).toBe(404);
    const created = await api(t, 'POST', '/api/v1/ed/arrivals', {
      token: await as(edNurse),
      body: { patientId: patient.id, mode: 'walk_in', chiefComplaint: 'Chest pain' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const members = await t.db
      .select()
      .from(careTeamMembers)
      .where(and(eq(careTeamMembers.patientId, patient.id), isNull(careTeamMembers.removedAt)));
    expect(members.map((m) => m.teamRole)).toEqual(['emergency_department', 'emergency_department']);
    expect(await chartRead(doctor)).toBe(200);
    expect(await chartRead(await as(edNurse))).toBe(200);
    expect(await chartRead(await as(wardNurse))).toBe(404);
    expect(await audited('care_team.add', patient.id)).toHaveLength(2);
    // Triage and seen keep them on (no second membership); closing ends the stay's access.
    const id = created.json().id;
    expect((await api(t, 'POST', `/api/v1/ed/arrivals/${id}/triage`, { token: doctor, body: { level: 3 } })).statusCode).toBe(200);
    expect((await api(t, 'POST', `/api/v1/ed/arrivals/${id}/seen`, { token: doctor })).statusCode).toBe(200);
    expect(await audited('care_team.add', patient.id)).toHaveLength(2);
    const closed = await api(t, 'POST', `/api/v1/ed/arrivals/${id}/close`, { token: doctor, body: { outcome: 'admitted' } });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(await chartRead(doctor)).toBe(404);
    const removed = await audited('care_team.remove', patient.id);
    expect(removed.map((r) => r.detail)).toEqual([
      expect.objectContaining({ reason: 'admitted' }),
      expect.objectContaining({ reason: 'admitted' }),
    ]);
  });
});
