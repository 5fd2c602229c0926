import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { api, useTestApp, type TestApp } from '../../../../test/helpers/app.js';
import { createAccount, createPatientRecord } from '../../../../test/helpers/actors.js';
import { putOnCareTeam } from '../../../../test/helpers/patients.js';
import { auditEvents } from '../../../platform/audit/audit.tables.js';
import { clinicalNotes } from './notes.tables.js';

async function setup(t: TestApp) {
  const doctor = await createAccount(t, { role: 'doctor' });
  const patient = await createPatientRecord(t);
  await putOnCareTeam(t, patient.id, doctor.staffId!);
  const encounter = await api(t, 'POST', `/api/v1/patients/${patient.id}/encounters`, {
    token: doctor.token,
    body: { type: 'outpatient' },
  });
  expect(encounter.statusCode).toBe(201);
  const note = await api(t, 'POST', `/api/v1/encounters/${encounter.json().id}/notes`, {
    token: doctor.token,
    body: { subjective: 'Thirsty for weeks', assessment: 'Type 2 diabetes mellitus', plan: 'Metformin' },
  });
  expect(note.statusCode).toBe(201);
  expect(note.headers.etag).toBe('"1"');
  return { doctor, patient, encounterId: encounter.json().id as string, noteId: note.json().id as string };
}

const auditRows = (t: TestApp, userId: string, action: string) =>
  t.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.actorUserId, userId), eq(auditEvents.action, action)));

describe('records: consultation notes', () => {
  const t = useTestApp();

  it('requires If-Match on a draft (428), refuses a stale one (412) and saves a current one', async () => {
    const { doctor, noteId } = await setup(t);
    const url = `/api/v1/notes/${noteId}`;
    const missing = await api(t, 'PATCH', url, { token: doctor.token, body: { plan: 'Diet' } });
    expect(missing.statusCode).toBe(428);
    expect(missing.json().code).toBe('precondition_required');
    const saved = await api(t, 'PATCH', url, { token: doctor.token, body: { plan: 'Diet and metformin' }, headers: { 'if-match': '"1"' } });
    expect(saved.statusCode).toBe(200);
    expect(saved.headers.etag).toBe('"2"');
    const stale = await api(t, 'PATCH', url, { token: doctor.token, body: { plan: 'Something else' }, headers: { 'if-match': '"1"' } });
    expect(stale.statusCode).toBe(412);
    expect(stale.json().code).toBe('version_mismatch');
    const [row] = await t.db.select().from(clinicalNotes).where(eq(clinicalNotes.id, noteId));
    expect(row).toMatchObject({ plan: 'Diet and metformin', version: 2, status: 'draft' });
    expect(await auditRows(t, doctor.userId, 'note.update')).toHaveLength(1); // the refused ones rolled back
  });

  it('never changes a signed note (409 record_signed, whatever If-Match says) while an amendment keeps both versions', async () => {
    const { doctor, noteId } = await setup(t);
    const signed = await api(t, 'POST', `/api/v1/notes/${noteId}/sign`, { token: doctor.token, headers: { 'if-match': '"1"' } });
    expect(signed.statusCode).toBe(200);
    expect(signed.json()).toMatchObject({ status: 'signed', version: 2 });
    for (const ifMatch of ['"2"', '"1"']) {
      const patch = await api(t, 'PATCH', `/api/v1/notes/${noteId}`, {
        token: doctor.token,
        body: { assessment: 'Changed' },
        headers: { 'if-match': ifMatch },
      });
      expect(patch.statusCode).toBe(409);
      expect(patch.json().code).toBe('record_signed');
    }
    const resign = await api(t, 'POST', `/api/v1/notes/${noteId}/sign`, { token: doctor.token });
    expect(resign.json().code).toBe('record_signed');

    const amended = await api(t, 'POST', `/api/v1/notes/${noteId}/amendments`, {
      token: doctor.token,
      body: { assessment: 'Type 2 diabetes mellitus without complications', reason: 'More precise' },
    });
    expect(amended.statusCode).toBe(201);
    const amendment = amended.json();
    expect(amendment).toMatchObject({
      status: 'amended',
      revision: 2,
      originalId: noteId,
      supersedesId: noteId,
      plan: 'Metformin',
      amendmentReason: 'More precise',
    });
    expect(amendment.versions.map((v: { id: string }) => v.id)).toEqual([noteId, amendment.id]);
    // An amendment is signed too: it never changes either; the superseded version is not amended twice.
    expect(
      (
        await api(t, 'PATCH', `/api/v1/notes/${amendment.id}`, { token: doctor.token, body: { plan: 'x' }, headers: { 'if-match': '"1"' } })
      ).json().code,
    ).toBe('record_signed');
    const fork = await api(t, 'POST', `/api/v1/notes/${noteId}/amendments`, { token: doctor.token, body: { reason: 'Again' } });
    expect(fork.statusCode).toBe(409);
    expect(fork.json().code).toBe('conflict');

    const original = await api(t, 'GET', `/api/v1/notes/${noteId}`, { token: doctor.token });
    expect(original.json()).toMatchObject({
      status: 'signed',
      assessment: 'Type 2 diabetes mellitus',
      supersededById: amendment.id,
      version: 2,
    });
    expect(original.json().versions).toHaveLength(2);
    const rows = await t.db.select().from(clinicalNotes).where(eq(clinicalNotes.patientId, amendment.patientId));
    expect(rows).toHaveLength(2);
    expect(rows.find((r) => r.id === noteId)).toMatchObject({ assessment: 'Type 2 diabetes mellitus', status: 'signed', version: 2 });
    expect(await auditRows(t, doctor.userId, 'note.amend')).toHaveLength(1);
    expect(await auditRows(t, doctor.userId, 'note.read')).toHaveLength(1);
  });

  it('gives billing, the front desk and clinicians off the care team a 404 on notes, with no text and a denied audit row', async () => {
    const { noteId, encounterId, patient } = await setup(t);
    const billing = await createAccount(t, { role: 'billing' });
    const clerk = await createAccount(t, { role: 'receptionist' });
    const outsider = await createAccount(t, { role: 'doctor' });
    for (const who of [billing, clerk, outsider]) {
      for (const url of [
        `/api/v1/notes/${noteId}`,
        `/api/v1/encounters/${encounterId}/notes`,
        `/api/v1/encounters/${encounterId}`,
        `/api/v1/patients/${patient.id}/encounters`,
      ]) {
        const res = await api(t, 'GET', url, { token: who.token });
        expect(res.statusCode, `${who.role} ${url}`).toBe(404);
        expect(res.json().code).toBe('not_found');
        expect(res.body).not.toContain('diabetes');
      }
      const denied = await t.db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.actorUserId, who.userId), eq(auditEvents.outcome, 'denied')));
      expect(denied).toHaveLength(4);
      expect(denied.every((r) => r.patientId === patient.id)).toBe(true);
    }
    // Billing and the front desk cannot write the record at all (route guard).
    const write = await api(t, 'PATCH', `/api/v1/notes/${noteId}`, {
      token: billing.token,
      body: { plan: 'x' },
      headers: { 'if-match': '"1"' },
    });
    expect(write.statusCode).toBe(403);
  });

  it('lets only the author change or sign a draft, and audits an unknown note as denied', async () => {
    const { noteId, patient } = await setup(t);
    const colleague = await createAccount(t, { role: 'nurse' });
    await putOnCareTeam(t, patient.id, colleague.staffId!);
    const read = await api(t, 'GET', `/api/v1/notes/${noteId}`, { token: colleague.token });
    expect(read.statusCode).toBe(200);
    const edit = await api(t, 'PATCH', `/api/v1/notes/${noteId}`, {
      token: colleague.token,
      body: { plan: 'x' },
      headers: { 'if-match': '"1"' },
    });
    expect(edit.statusCode).toBe(403);
    expect(edit.json().code).toBe('forbidden');
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect((await api(t, 'GET', `/api/v1/notes/${unknown}`, { token: colleague.token })).statusCode).toBe(404);
    const [denied] = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.actorUserId, colleague.userId), eq(auditEvents.resourceId, unknown)));
    expect(denied).toMatchObject({ outcome: 'denied', action: 'note.read' });
    const [row] = await t.db.select().from(clinicalNotes).where(eq(clinicalNotes.id, noteId));
    expect(row).toMatchObject({ version: 1, status: 'draft' });
  });
});
