import type { Placeholder } from 'drizzle-orm';
import type { ServiceContext } from '../../../../platform/auth/actor.js';
import type { Db } from '../../../../platform/db/database.js';
import { deferRead } from '../../../../platform/db/read-together.js';
import { auditedViews } from '../../../../platform/audit/audited-views.js';
import { notFound } from '../../../../platform/errors.js';
import { accessAuditValues, labelOf, type PatientLabel } from '../../../patients/index.js';
import { flattenNote, selectEncounterNotes } from '../../notes/notes.repository.js';
import type { Note } from '../../notes/notes.schemas.js';
import { toNote } from '../../notes/services/notes.service.js';
import { selectEncounter, withClinician } from '../encounters.repository.js';
import type { Encounter } from '../encounters.schemas.js';
import { resolveChildAccess } from './encounters-access.service.js';
import { toEncounter } from './encounters.service.js';

export interface EncounterPageRead {
  encounter: Encounter;
  notes: Omit<Note, 'versions'>[];
  patient: PatientLabel;
}

/** The encounter with its notes (the same reads for every viewer: staff only). */
const readEncounterView = auditedViews();

/**
 * The clinician's encounter page: ONE access decision (staff only, as the notes need) and ONE
 * `encounter.read` audit row naming the sections shown, sent with the encounter and its notes in
 * one statement, built once.
 */
export async function readEncounterPage(db: Db, ctx: ServiceContext, encounterId: string): Promise<EncounterPageRead> {
  const access = await resolveChildAccess(db, ctx, { resourceType: 'encounter', id: encounterId }, 'encounter.read', { staffOnly: true });
  const audit = accessAuditValues(ctx, access, {
    action: 'encounter.read',
    resourceType: 'encounter',
    resourceId: encounterId,
    category: 'clinical',
    detail: { sections: ['encounter', 'notes'] },
  });
  const read = await readEncounterView(
    db,
    'encounter',
    audit,
    (db, audited, param: (name: 'encounterId') => Placeholder) => ({
      encounter: deferRead(selectEncounter(db, audited, param('encounterId')), (rows) => rows.map(withClinician)),
      notes: deferRead(selectEncounterNotes(db, audited, param('encounterId')), (rows) =>
        rows.map((row) => {
          const { versions: _versions, ...note } = toNote(flattenNote(row), []);
          return note;
        }),
      ),
    }),
    { encounterId },
  );
  const [row] = read.encounter;
  if (!row) throw notFound('The encounter');
  return { encounter: toEncounter(row), notes: read.notes, patient: labelOf(access.patient) };
}
