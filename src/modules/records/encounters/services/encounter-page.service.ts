import type { ServiceContext } from '../../../../platform/auth/actor.js';
import type { Db } from '../../../../platform/db/database.js';
import { deferRead, readTogether } from '../../../../platform/db/read-together.js';
import { notFound } from '../../../../platform/errors.js';
import { labelOf, pendingAccessAudit, type PatientLabel } from '../../../patients/index.js';
import { flattenNote, selectEncounterNotes } from '../../notes/notes.repository.js';
import type { Note } from '../../notes/notes.schemas.js';
import { toNote } from '../../notes/services/notes.service.js';
import { findEncounterPatientId, selectEncounter, withClinician } from '../encounters.repository.js';
import type { Encounter } from '../encounters.schemas.js';
import { resolveChildAccess } from './encounters-access.service.js';
import { toEncounter } from './encounters.service.js';

export interface EncounterPageRead {
  encounter: Encounter;
  notes: Omit<Note, 'versions'>[];
  patient: PatientLabel;
}

/**
 * The clinician's encounter page: ONE access decision (staff only, as the notes need) and ONE
 * `encounter.read` audit row naming the sections shown, sent with the encounter and its notes in
 * one statement.
 */
export async function readEncounterPage(db: Db, ctx: ServiceContext, encounterId: string): Promise<EncounterPageRead> {
  const access = await resolveChildAccess(
    db,
    ctx,
    { resourceType: 'encounter', id: encounterId, patientId: await findEncounterPatientId(db, encounterId) },
    'encounter.read',
    { staffOnly: true },
  );
  const { audited, write } = pendingAccessAudit(db, ctx, access, {
    action: 'encounter.read',
    resourceType: 'encounter',
    resourceId: encounterId,
    category: 'clinical',
    detail: { sections: ['encounter', 'notes'] },
  });
  const read = await readTogether(
    db,
    {
      encounter: deferRead(selectEncounter(db, audited, encounterId), (rows) => rows.map(withClinician)),
      notes: deferRead(selectEncounterNotes(db, audited, encounterId), (rows) =>
        rows.map((row) => {
          const { versions: _versions, ...note } = toNote(flattenNote(row), []);
          return note;
        }),
      ),
    },
    { writes: [write] },
  );
  const [row] = read.encounter;
  if (!row) throw notFound('The encounter');
  return { encounter: toEncounter(row), notes: read.notes, patient: labelOf(access.patient) };
}
