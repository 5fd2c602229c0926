import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { api, useTestApp, type TestApp } from '../../../../test/helpers/app.js';
import { createAccount, createPatientRecord } from '../../../../test/helpers/actors.js';
import { putOnCareTeam } from '../../../../test/helpers/patients.js';
import { pgErrorOf, translateConstraintViolation } from '../../../platform/db/constraint-errors.js';
import { clinicalNotes } from './notes.tables.js';
import './services/notes.service.js'; // registers the constraint's message, as the app does

/**
 * The database itself keeps signed notes permanent (drizzle/0019): direct SQL cannot change or
 * delete a signed version, drafts stay editable, and amendments still link to the original.
 */
async function draftNote(t: TestApp) {
  const doctor = await createAccount(t, { role: 'doctor' });
  const patient = await createPatientRecord(t);
  await putOnCareTeam(t, patient.id, doctor.staffId!);
  const encounter = await api(t, 'POST', `/api/v1/patients/${patient.id}/encounters`, {
    token: doctor.token,
    body: { type: 'outpatient' },
  });
  const note = await api(t, 'POST', `/api/v1/encounters/${encounter.json().id}/notes`, {
    token: doctor.token,
    body: { assessment: 'Essential hypertension', plan: 'Amlodipine' },
  });
  expect(note.statusCode).toBe(201);
  return { doctor, noteId: note.json().id as string };
}

async function signedNote(t: TestApp) {
  const draft = await draftNote(t);
  expect((await api(t, 'POST', `/api/v1/notes/${draft.noteId}/sign`, { token: draft.doctor.token })).statusCode).toBe(200);
  return draft;
}

const noteRow = async (t: TestApp, id: string) => (await t.db.select().from(clinicalNotes).where(eq(clinicalNotes.id, id)))[0];

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the database to refuse the statement');
}

describe('records: signed notes are immutable in the database', () => {
  const t = useTestApp();

  it('refuses an UPDATE of a signed note’s text with a clear error, leaving the row as it was', async () => {
    const { noteId } = await signedNote(t);
    const before = await noteRow(t, noteId);
    const error = await rejection(t.db.execute(sql`update clinical_notes set assessment = 'Rewritten' where id = ${noteId}`));
    expect(pgErrorOf(error)).toMatchObject({ code: '23001', constraint: 'clinical_notes_signed_immutable' });
    expect(String((error as { cause?: { message?: string } }).cause?.message ?? error)).toMatch(
      /signed clinical note .* cannot be updated: write an amendment instead/,
    );
    // The same refusal, should it ever reach the API, is a 409 record_signed (never a 500).
    expect(translateConstraintViolation(error)?.error).toMatchObject({ status: 409, code: 'record_signed' });
    expect(await noteRow(t, noteId)).toEqual(before);
  });

  it('refuses any other column too (status back to draft, signer, version, timestamps) and a DELETE', async () => {
    const { noteId } = await signedNote(t);
    const before = await noteRow(t, noteId);
    for (const change of [
      sql`status = 'draft', signed_at = null, signed_by = null`,
      sql`version = version + 1`,
      sql`updated_at = ${t.clock.now()}`,
      sql`original_id = ${noteId}`,
    ]) {
      expect(pgErrorOf(await rejection(t.db.execute(sql`update clinical_notes set ${change} where id = ${noteId}`)))?.code).toBe('23001');
    }
    const deleted = await rejection(t.db.execute(sql`delete from clinical_notes where id = ${noteId}`));
    expect(pgErrorOf(deleted)).toMatchObject({ code: '23001', constraint: 'clinical_notes_signed_immutable' });
    expect(pgErrorOf(await rejection(t.db.execute(sql`truncate clinical_notes cascade`)))?.code).toBe('23001');
    expect(await noteRow(t, noteId)).toEqual(before);
  });

  it('links an amendment to the signed original, and the amendment is immutable in turn', async () => {
    const { doctor, noteId } = await signedNote(t);
    const before = await noteRow(t, noteId);
    const amended = await api(t, 'POST', `/api/v1/notes/${noteId}/amendments`, {
      token: doctor.token,
      body: { plan: 'Amlodipine 5 mg', reason: 'Dose' },
    });
    expect(amended.statusCode).toBe(201);
    const amendment = await noteRow(t, amended.json().id);
    expect(amendment).toMatchObject({ status: 'amended', supersedesId: noteId, originalId: noteId, plan: 'Amlodipine 5 mg' });
    expect(await noteRow(t, noteId)).toEqual(before);
    expect((await api(t, 'GET', `/api/v1/notes/${noteId}`, { token: doctor.token })).json().supersededById).toBe(amendment!.id);
    expect(pgErrorOf(await rejection(t.db.execute(sql`update clinical_notes set plan = 'x' where id = ${amendment!.id}`)))?.code).toBe(
      '23001',
    );
  });

  it('leaves drafts editable and deletable by SQL, and signing (an update of a draft) passes', async () => {
    const { noteId } = await draftNote(t);
    await t.db.execute(sql`update clinical_notes set plan = 'Lifestyle first' where id = ${noteId}`);
    expect(await noteRow(t, noteId)).toMatchObject({ plan: 'Lifestyle first', status: 'draft' });
    const other = await draftNote(t);
    await t.db.execute(sql`delete from clinical_notes where id = ${other.noteId}`);
    expect(await noteRow(t, other.noteId)).toBeUndefined();
  });

  it('the API still answers 409 record_signed to a change of a signed note', async () => {
    const { doctor, noteId } = await signedNote(t);
    const before = await noteRow(t, noteId);
    const patch = await api(t, 'PATCH', `/api/v1/notes/${noteId}`, {
      token: doctor.token,
      body: { assessment: 'Changed' },
      headers: { 'if-match': `"${before!.version}"` },
    });
    expect(patch.statusCode).toBe(409);
    expect(patch.json().code).toBe('record_signed');
    expect(await noteRow(t, noteId)).toEqual(before);
  });
});
