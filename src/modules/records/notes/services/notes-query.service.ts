import type { ServiceContext } from '../../../../platform/auth/actor.js';
import type { Db } from '../../../../platform/db/database.js';
import { deferRead, runRead, type DeferredRead } from '../../../../platform/db/read-together.js';
import { oneStepRead, preparedRead, type TwoStepRead } from '../../../../platform/db/read-in-two-steps.js';
import { notFound } from '../../../../platform/errors.js';
import { auditAccess, isClinicalTier, type PatientAccess } from '../../../patients/index.js';
import type { AuditedAccess } from '../../../../platform/audit/audit.service.js';
import {
  flattenNote,
  listEncounterNotes,
  selectPatientNotes,
  selectDraftsByAuthor,
  type DraftNoteRow,
  type NoteWithAuthor,
} from '../notes.repository.js';
import type { ChartNote, Note } from '../notes.schemas.js';
import { resolveChildAccess, resolveRecordAccess } from '../../encounters/services/encounters-access.service.js';
import { toNote } from './notes.service.js';

/** The notes of one encounter, every version (clinicians only). */
export async function listNotesOfEncounter(db: Db, ctx: ServiceContext, encounterId: string): Promise<Omit<Note, 'versions'>[]> {
  const access = await resolveChildAccess(db, ctx, { resourceType: 'encounter', id: encounterId }, 'note.list', { staffOnly: true });
  return db.transaction(async (tx) => {
    const audited = await auditAccess(tx, ctx, access, {
      action: 'note.list',
      resourceType: 'note',
      category: 'clinical',
      detail: { encounterId },
    });
    return (await listEncounterNotes(tx, audited, encounterId)).map((row) => {
      const { versions: _versions, ...note } = toNote(row, []);
      return note;
    });
  });
}

const excerpt = (row: NoteWithAuthor) => (row.assessment.length > 160 ? `${row.assessment.slice(0, 157)}...` : row.assessment);

/** Fixed interface for the chart: the patient's latest notes; the excerpt only for staff on the clinical tier. */
export async function listNotesForChart(db: Db, ctx: ServiceContext, patientId: string, options: { limit: number }): Promise<ChartNote[]> {
  const access = await resolveRecordAccess(db, ctx, patientId, 'note.list');
  if (!isClinicalTier(access.tier)) throw notFound('The patient');
  return db.transaction(async (tx) => {
    const audited = await auditAccess(tx, ctx, access, { action: 'note.list', resourceType: 'note', category: 'clinical' });
    return readNotesForChart(tx, audited, access, options);
  });
}

/** The notes section of an audited read model (the chart, clinical tier): the caller decided and audited. */
export async function readNotesForChart(
  tx: Db,
  audited: AuditedAccess,
  access: PatientAccess,
  options: { limit: number },
): Promise<ChartNote[]> {
  return runRead(notesSection(tx, audited, access, options));
}

/** The same section as a query not run yet, so a view can read it with its other sections in one statement. */
export function notesSection(tx: Db, audited: AuditedAccess, access: PatientAccess, options: { limit: number }): DeferredRead<ChartNote[]> {
  if (!isClinicalTier(access.tier)) throw notFound('The patient');
  const staff = access.tier !== 'self';
  return deferRead(selectPatientNotes(tx, audited, options.limit), (rows) =>
    rows.map(flattenNote).map((row) => ({
      id: row.id,
      encounterId: row.encounterId,
      status: row.status,
      signedAt: row.signedAt,
      authorName: row.authorName,
      assessmentExcerpt: staff ? excerpt(row) : null,
    })),
  );
}

/**
 * The signed-in clinician's own unsigned drafts (the doctor's "notes to sign"), at most `limit`.
 * It names encounters, not patients: no patient data is read, so no audit row.
 */
export async function listMyDraftNotes(db: Db, ctx: ServiceContext, limit: number): Promise<DraftNoteRow[]> {
  if (!ctx.actor.staffId) return [];
  return selectDraftsByAuthor(db, ctx.actor.staffId, limit);
}

/** A clinician's own drafts, oldest first, as a part built once (the doctor's home reads it with its other parts). */
export function myDraftNotesRead(staffId: string, limit: number): TwoStepRead<DraftNoteRow[]> {
  return oneStepRead(
    preparedRead(
      'records.my_drafts',
      (db, param) => deferRead(selectDraftsByAuthor(db, param('staffId'), param('limit')), (rows): DraftNoteRow[] => rows),
      { staffId, limit },
    ),
  );
}
