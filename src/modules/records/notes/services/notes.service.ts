import type { ServiceContext } from '../../../../platform/auth/actor.js';
import { registerConstraintMessages } from '../../../../platform/db/constraint-errors.js';
import type { Db } from '../../../../platform/db/database.js';
import { AppError, conflict, notFound } from '../../../../platform/errors.js';
import { assertVersion } from '../../../../platform/http/api-helpers.js';
import { auditAccess, type PatientAccess } from '../../../patients/index.js';
import { findEncounter } from '../../encounters/encounters.repository.js';
import { findNote, insertNote, listNoteChain, updateDraft, type NoteWithAuthor } from '../notes.repository.js';
import type { AmendNoteInput, CreateNoteInput, Note, UpdateNoteInput } from '../notes.schemas.js';
import { requireStaffId, resolveChildAccess } from '../../encounters/services/encounters-access.service.js';

/**
 * Consultation notes: a draft changes under If-Match (required); signing makes it immutable; an
 * amendment is a new signed version linked to the original, which stays readable unchanged. Notes
 * are for clinicians only (care team or break-the-glass): patients see shared summaries, the front
 * desk and billing never see note text (404 like any record they cannot reach).
 */

const STAFF = { staffOnly: true } as const;
export const recordSigned = () => new AppError('record_signed', 'A signed note never changes. Write an amendment instead.');

// The database refuses any change to a signed note too (drizzle/0019): should a race or a future
// path ever reach it, the answer is the same 409, never a 500.
registerConstraintMessages({
  clinical_notes_signed_immutable: { code: 'record_signed', message: 'A signed note never changes. Write an amendment instead.' },
});

export function toNote(row: NoteWithAuthor, chain: NoteWithAuthor[]): Note {
  return {
    id: row.id,
    encounterId: row.encounterId,
    patientId: row.patientId,
    authorId: row.authorId,
    authorName: row.authorName,
    status: row.status,
    revision: row.revision,
    originalId: row.originalId,
    supersedesId: row.supersedesId,
    supersededById: row.supersededById,
    subjective: row.subjective,
    objective: row.objective,
    assessment: row.assessment,
    plan: row.plan,
    freeText: row.freeText,
    amendmentReason: row.amendmentReason,
    signedAt: row.signedAt,
    version: row.version,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    versions: chain.map((v) => ({
      id: v.id,
      revision: v.revision,
      status: v.status,
      signedAt: v.signedAt,
      authorName: v.authorName,
      amendmentReason: v.amendmentReason,
    })),
  };
}

async function noteAccess(db: Db, ctx: ServiceContext, noteId: string, action: string): Promise<PatientAccess> {
  return resolveChildAccess(db, ctx, { resourceType: 'note', id: noteId }, action, STAFF);
}

async function withChain(tx: Db, audited: Parameters<typeof findNote>[1], noteId: string): Promise<Note> {
  const row = await findNote(tx, audited, noteId);
  if (!row) throw notFound('The note');
  return toNote(row, await listNoteChain(tx, audited, row.originalId ?? row.id));
}

const soap = (input: CreateNoteInput) => {
  const out: Partial<Record<'subjective' | 'objective' | 'assessment' | 'plan' | 'freeText', string>> = {};
  for (const key of ['subjective', 'objective', 'assessment', 'plan', 'freeText'] as const)
    if (input[key] !== undefined) out[key] = input[key];
  return out;
};

export async function startNote(db: Db, ctx: ServiceContext, encounterId: string, input: CreateNoteInput): Promise<Note> {
  const staffId = requireStaffId(ctx);
  const access = await resolveChildAccess(db, ctx, { resourceType: 'encounter', id: encounterId }, 'note.create', STAFF);
  return db.transaction(async (tx) => {
    const audited = await auditAccess(tx, ctx, access, {
      action: 'note.create',
      resourceType: 'note',
      category: 'clinical',
      detail: { encounterId },
    });
    const encounter = await findEncounter(tx, audited, encounterId);
    if (!encounter) throw notFound('The encounter');
    if (encounter.status === 'cancelled') throw conflict('This encounter was cancelled.');
    const row = await insertNote(tx, audited, {
      encounterId,
      authorId: staffId,
      status: 'draft',
      ...soap(input),
      createdAt: ctx.now,
      updatedAt: ctx.now,
    });
    return withChain(tx, audited, row.id);
  });
}

export async function getNote(db: Db, ctx: ServiceContext, noteId: string): Promise<Note> {
  const access = await noteAccess(db, ctx, noteId, 'note.read');
  return db.transaction(async (tx) => {
    const audited = await auditAccess(tx, ctx, access, {
      action: 'note.read',
      resourceType: 'note',
      resourceId: noteId,
      category: 'clinical',
    });
    return withChain(tx, audited, noteId);
  });
}

/** Changes a draft. Signed → 409 record_signed whatever If-Match says; else If-Match is required. */
export async function editDraft(
  db: Db,
  ctx: ServiceContext,
  noteId: string,
  input: UpdateNoteInput,
  expected: number | undefined,
): Promise<Note> {
  const staffId = requireStaffId(ctx);
  const access = await noteAccess(db, ctx, noteId, 'note.update');
  return db.transaction(async (tx) => {
    const audited = await auditAccess(tx, ctx, access, {
      action: 'note.update',
      resourceType: 'note',
      resourceId: noteId,
      category: 'clinical',
      detail: { fields: Object.keys(soap(input)) },
    });
    const current = await findNote(tx, audited, noteId, { forUpdate: true });
    if (!current) throw notFound('The note');
    if (current.status !== 'draft') throw recordSigned();
    assertVersion(current.version, expected, { required: true });
    if (current.authorId !== staffId) throw new AppError('forbidden', 'Only the author changes a draft note.');
    const row = await updateDraft(tx, audited, noteId, current.version, soap(input), ctx.now);
    if (!row)
      throw new AppError('version_mismatch', 'Someone else changed this note since you loaded it.', { currentVersion: current.version });
    return withChain(tx, audited, noteId);
  });
}

/** Signs a draft (If-Match optional, checked when sent). A signed note → 409 record_signed. */
export async function signNote(db: Db, ctx: ServiceContext, noteId: string, expected: number | undefined): Promise<Note> {
  const staffId = requireStaffId(ctx);
  const access = await noteAccess(db, ctx, noteId, 'note.sign');
  return db.transaction(async (tx) => {
    const audited = await auditAccess(tx, ctx, access, {
      action: 'note.sign',
      resourceType: 'note',
      resourceId: noteId,
      category: 'clinical',
    });
    const current = await findNote(tx, audited, noteId, { forUpdate: true });
    if (!current) throw notFound('The note');
    if (current.status !== 'draft') throw recordSigned();
    assertVersion(current.version, expected);
    if (current.authorId !== staffId) throw new AppError('forbidden', 'Only the author signs a note.');
    const row = await updateDraft(
      tx,
      audited,
      noteId,
      current.version,
      { status: 'signed', signedAt: ctx.now, signedBy: staffId },
      ctx.now,
    );
    if (!row)
      throw new AppError('version_mismatch', 'Someone else changed this note since you loaded it.', { currentVersion: current.version });
    return withChain(tx, audited, noteId);
  });
}

/**
 * Amends the latest signed version: a new version (status `amended`, signed now by the amending
 * clinician) in the same chain; the version it amends is left exactly as it was.
 */
export async function amendNote(db: Db, ctx: ServiceContext, noteId: string, input: AmendNoteInput): Promise<Note> {
  const staffId = requireStaffId(ctx);
  const access = await noteAccess(db, ctx, noteId, 'note.amend');
  return db.transaction(async (tx) => {
    const audited = await auditAccess(tx, ctx, access, {
      action: 'note.amend',
      resourceType: 'note',
      resourceId: noteId,
      category: 'clinical',
      detail: { fields: Object.keys(soap(input)) },
    });
    const current = await findNote(tx, audited, noteId, { forUpdate: true });
    if (!current) throw notFound('The note');
    if (current.status === 'draft') throw conflict('A draft is changed directly; only a signed note is amended.');
    if (current.supersededById)
      throw conflict('This version was already amended. Amend the latest version.', 'conflict', { latestId: current.supersededById });
    const row = await insertNote(tx, audited, {
      encounterId: current.encounterId,
      authorId: staffId,
      originalId: current.originalId ?? current.id,
      supersedesId: current.id,
      revision: current.revision + 1,
      status: 'amended',
      subjective: current.subjective,
      objective: current.objective,
      assessment: current.assessment,
      plan: current.plan,
      freeText: current.freeText,
      ...soap(input),
      amendmentReason: input.reason,
      signedAt: ctx.now,
      signedBy: staffId,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    });
    return withChain(tx, audited, row.id);
  });
}
