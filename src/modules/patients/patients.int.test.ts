import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { api, useTestApp } from '../../../test/helpers/app.js';
import { createAccount, createPatientRecord } from '../../../test/helpers/actors.js';
import { putOnCareTeam } from '../../../test/helpers/patients.js';
import { auditEvents } from '../../platform/audit/audit.tables.js';
import { oneTimeTokens } from '../../platform/auth/auth.tables.js';
import { patients } from './patients.tables.js';

describe('patients: registration, search and profile', () => {
  const t = useTestApp();

  it('registers a walk-in with an MRN from the sequence and a link code; warns of a duplicate until confirmed', async () => {
    const clerk = await createAccount(t, { role: 'receptionist' });
    const body = { givenName: 'Amara', familyName: 'Okafor', birthDate: '1990-03-14', phone: '+44 20 7946 0000' };
    const first = await api(t, 'POST', '/api/v1/patients', { token: clerk.token, body });
    expect(first.statusCode).toBe(201);
    const { patient, linkCode } = first.json();
    expect(patient.mrn).toMatch(/^\d{6,}$/);
    expect(patient.allergyStatus).toBeNull();
    expect(linkCode).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    const second = await api(t, 'POST', '/api/v1/patients', { token: clerk.token, body: { ...body, givenName: 'Amarah' } });
    expect(second.statusCode).toBe(409);
    expect(second.json().code).toBe('possible_duplicate');
    expect(second.json().candidates).toEqual([{ id: patient.id, mrn: patient.mrn, name: 'Amara Okafor', birthDate: '1990-03-14' }]);
    expect(await t.db.select().from(patients).where(eq(patients.familyName, 'Okafor'))).toHaveLength(1);
    const confirmed = await api(t, 'POST', '/api/v1/patients', {
      token: clerk.token,
      body: { ...body, givenName: 'Amarah', confirmNotDuplicate: true },
    });
    expect(confirmed.statusCode).toBe(201);
    expect(Number(confirmed.json().patient.mrn)).toBeGreaterThan(Number(patient.mrn));
    expect(await t.db.select().from(patients).where(eq(patients.familyName, 'Okafor'))).toHaveLength(2);
    expect(await t.db.select().from(oneTimeTokens).where(eq(oneTimeTokens.kind, 'patient_link'))).toHaveLength(2);
    const audit = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'patient.register'), eq(auditEvents.patientId, patient.id)));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorUserId: clerk.userId, category: 'registration', detail: { confirmedNotDuplicate: false } });
    // The one statement wrote every value: the record's fields, and a link code naming the patient that lasts 30 days.
    const [stored] = await t.db.select().from(patients).where(eq(patients.id, patient.id));
    expect(stored).toMatchObject({ givenName: 'Amara', phone: '+44 20 7946 0000', sex: null, createdAt: t.clock.now() });
    const links = await t.db.select().from(oneTimeTokens).where(eq(oneTimeTokens.kind, 'patient_link'));
    const link = links.find((l) => l.payload.patientId === patient.id)!;
    expect(link.expiresAt.getTime() - t.clock.now().getTime()).toBe(30 * 86_400_000);
    // The same family name and initial with the same birth date is a candidate too.
    const initial = await api(t, 'POST', '/api/v1/patients', { token: clerk.token, body: { ...body, givenName: 'Ada' } });
    expect(initial.statusCode).toBe(409);
    // Each candidate shown is audited: the first record was shown by both 409s, the second by the last.
    const shown = await t.db
      .select({ patientId: auditEvents.patientId })
      .from(auditEvents)
      .where(eq(auditEvents.action, 'patient.duplicate_candidate'));
    expect(shown.filter((r) => r.patientId === patient.id)).toHaveLength(2);
    expect(shown.filter((r) => r.patientId === confirmed.json().patient.id)).toHaveLength(1);
  });

  it('rejects unknown fields and server-owned fields in a body with 400', async () => {
    const clerk = await createAccount(t, { role: 'receptionist' });
    const res = await api(t, 'POST', '/api/v1/patients', {
      token: clerk.token,
      body: { givenName: 'A', familyName: 'B', birthDate: '2001-01-01', mrn: '1' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('validation_failed');
    const patient = await createAccount(t, { role: 'patient' });
    const patch = await api(t, 'PATCH', `/api/v1/patients/${patient.patientId}`, { token: patient.token, body: { version: 9 } });
    expect(patch.statusCode).toBe(400);
    expect((await t.db.select().from(patients).where(eq(patients.id, patient.patientId!)))[0]!.version).toBe(1);
  });

  it('searches by name, MRN and birth date with registration-tier fields only, never auditing the term', async () => {
    const clerk = await createAccount(t, { role: 'receptionist' });
    const target = await createPatientRecord(t, {
      givenName: 'Zebulon',
      familyName: 'Quartermaine',
      birthDate: '1961-07-08',
      healthStatus: 'secret',
    });
    const byName = await api(t, 'GET', '/api/v1/patients?query=quartermain', { token: clerk.token });
    expect(byName.statusCode).toBe(200);
    expect(byName.json().items.map((p: { id: string }) => p.id)).toContain(target.id);
    // `unidentified`: an unidentified arrival's placeholder facts (registration tier, as on the profile), null here.
    expect(Object.keys(byName.json().items[0]).sort()).toEqual([
      'birthDate',
      'familyName',
      'givenName',
      'id',
      'mrn',
      'sex',
      'unidentified',
    ]);
    expect((await api(t, 'GET', `/api/v1/patients?query=${target.mrn}`, { token: clerk.token })).json().items[0].id).toBe(target.id);
    expect(
      (await api(t, 'GET', '/api/v1/patients?query=1961-07-08', { token: clerk.token })).json().items.map((p: { id: string }) => p.id),
    ).toEqual([target.id]);
    const rows = await t.db.select().from(auditEvents).where(eq(auditEvents.action, 'patient.search'));
    expect(rows.length).toBeGreaterThanOrEqual(3);
    expect(JSON.stringify(rows.map((r) => r.detail))).not.toContain('quartermain');
    // Keyset pagination walks every match once.
    const first = await api(t, 'GET', '/api/v1/patients?limit=1', { token: clerk.token });
    const second = await api(t, 'GET', `/api/v1/patients?limit=1&cursor=${first.json().nextCursor}`, { token: clerk.token });
    expect(second.json().items[0].id).not.toBe(first.json().items[0].id);
  });

  it('lets a patient edit their own profile, with If-Match optional and a stale one refused', async () => {
    const patient = await createAccount(t, { role: 'patient' });
    const url = `/api/v1/patients/${patient.patientId}`;
    const read = await api(t, 'GET', url, { token: patient.token });
    expect(read.statusCode).toBe(200);
    expect(read.headers.etag).toBe('"1"');
    expect(read.json()).toMatchObject({ access: 'self', allergyStatus: 'not_recorded' });
    const noIfMatch = await api(t, 'PATCH', url, { token: patient.token, body: { phone: '+1 555 0100', healthStatus: 'Feeling well' } });
    expect(noIfMatch.statusCode).toBe(200);
    expect(noIfMatch.headers.etag).toBe('"2"');
    const stale = await api(t, 'PATCH', url, { token: patient.token, body: { phone: '+1 555 0199' }, headers: { 'if-match': '"1"' } });
    expect(stale.statusCode).toBe(412);
    expect(stale.json().code).toBe('version_mismatch');
    const fresh = await api(t, 'PATCH', url, { token: patient.token, body: { preferredLanguage: 'es' }, headers: { 'if-match': '"2"' } });
    expect(fresh.statusCode).toBe(200);
    const [row] = await t.db.select().from(patients).where(eq(patients.id, patient.patientId!));
    expect(row).toMatchObject({ phone: '+1 555 0100', healthStatus: 'Feeling well', preferredLanguage: 'es', version: 3 });
    const deceased = await api(t, 'PATCH', url, { token: patient.token, body: { deceased: true } });
    expect(deceased.statusCode).toBe(403);
    expect(deceased.json()).toMatchObject({ code: 'forbidden', field: 'deceased' });
  });

  it('answers another patient 404 and records the denied attempt', async () => {
    const alice = await createAccount(t, { role: 'patient' });
    const bob = await createAccount(t, { role: 'patient' });
    const res = await api(t, 'GET', `/api/v1/patients/${bob.patientId}`, { token: alice.token });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('not_found');
    const denied = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.actorUserId, alice.userId), eq(auditEvents.patientId, bob.patientId!), eq(auditEvents.outcome, 'denied')));
    expect(denied).toHaveLength(1);
    expect((await api(t, 'PATCH', `/api/v1/patients/${bob.patientId}`, { token: alice.token, body: { phone: '1234' } })).statusCode).toBe(
      404,
    );
    expect((await t.db.select().from(patients).where(eq(patients.id, bob.patientId!)))[0]!.phone).toBeNull();
  });

  it('gives the front desk the registration tier: allergyStatus null and 404 on allergies; demographics editable, clinical fields not', async () => {
    const clerk = await createAccount(t, { role: 'receptionist' });
    const patient = await createPatientRecord(t, { healthStatus: 'Recovering', allergyStatus: 'has_allergies' });
    const read = await api(t, 'GET', `/api/v1/patients/${patient.id}`, { token: clerk.token });
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({ access: 'registration', allergyStatus: null, healthStatus: null });
    const allergies = await api(t, 'GET', `/api/v1/patients/${patient.id}/allergies`, { token: clerk.token });
    expect(allergies.statusCode).toBe(404);
    expect(
      (await api(t, 'PATCH', `/api/v1/patients/${patient.id}`, { token: clerk.token, body: { familyName: 'Renamed' } })).statusCode,
    ).toBe(200);
    const clinical = await api(t, 'PATCH', `/api/v1/patients/${patient.id}`, { token: clerk.token, body: { healthStatus: 'x' } });
    expect(clinical.statusCode).toBe(403);
    expect(clinical.json().field).toBe('healthStatus');
    expect((await t.db.select().from(patients).where(eq(patients.id, patient.id)))[0]).toMatchObject({
      familyName: 'Renamed',
      healthStatus: 'Recovering',
    });
  });

  it('lets a care-team doctor change the clinical fields only', async () => {
    const doctor = await createAccount(t, { role: 'doctor' });
    const patient = await createPatientRecord(t);
    await putOnCareTeam(t, patient.id, doctor.staffId!);
    const ok = await api(t, 'PATCH', `/api/v1/patients/${patient.id}`, {
      token: doctor.token,
      body: { healthStatus: 'Stable', allergyStatus: 'no_known_allergies' },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ access: 'care_team', healthStatus: 'Stable', allergyStatus: 'no_known_allergies' });
    const phone = await api(t, 'PATCH', `/api/v1/patients/${patient.id}`, { token: doctor.token, body: { phone: '123456' } });
    expect(phone.statusCode).toBe(403);
    expect(phone.json().field).toBe('phone');
  });
});
