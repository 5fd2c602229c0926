import { and, asc, desc, eq, gte, lte, sql, type Placeholder } from 'drizzle-orm';
import { preparedAuditValuesInsert } from '../../../../platform/audit/audit.service.js';
import type { ServiceContext } from '../../../../platform/auth/actor.js';
import type { Db } from '../../../../platform/db/database.js';
import { deferRead, preparedReadTogether } from '../../../../platform/db/read-together.js';
import { notFound } from '../../../../platform/errors.js';
import { accessAuditValues, labelOf, type PatientLabel } from '../../../patients/index.js';
import { diagnoses } from '../../diagnoses/diagnoses.tables.js';
import { clinicalNotes } from '../../notes/notes.tables.js';
import { observations } from '../../observations/observations.tables.js';
import { encounters } from '../encounters.tables.js';
import { resolveChildAccess } from './encounters-access.service.js';

/** What the clinical record holds about one encounter, for decision support (src/modules/decision-support). */
export interface EncounterFindings {
  encounterId: string;
  patientId: string;
  patient: PatientLabel;
  encounterStatus: string;
  /** When the encounter began (or was created) and ended (null while open), for windows on other data. */
  period: { start: Date; end: Date | null };
  /** The text clinicians wrote in the encounter's notes (current revisions and drafts alike). */
  noteTexts: string[];
  /** Active coded diagnoses of the encounter (ICD-10-CM). */
  diagnoses: { code: string; description: string }[];
  /** The newest value of each observation code from 24 h before the encounter to its end (or now). */
  observations: { code: string; value: number; unit: string; effectiveAt: Date }[];
}

/** Observations from a day before the encounter began until it ended (or now, when still open). */
const OBSERVATION_LOOKBACK = sql.raw(`interval '24 hours'`);

type FindingsParam = (name: 'patientId' | 'encounterId' | 'now' | `audit_${string}`) => Placeholder;

function selectFindingObservations(db: Db, param: FindingsParam) {
  return db
    .selectDistinctOn([observations.code], {
      code: observations.code,
      value: observations.value,
      unit: observations.unit,
      effectiveAt: observations.effectiveAt,
    })
    .from(observations)
    .innerJoin(encounters, and(eq(encounters.id, param('encounterId')), eq(encounters.patientId, param('patientId'))))
    .where(
      and(
        eq(observations.patientId, param('patientId')),
        gte(observations.effectiveAt, sql`coalesce(${encounters.startedAt}, ${encounters.createdAt}) - ${OBSERVATION_LOOKBACK}`),
        lte(observations.effectiveAt, sql`coalesce(${encounters.endedAt}, ${param('now')}::timestamptz)`),
      ),
    )
    .orderBy(asc(observations.code), desc(observations.effectiveAt));
}

/**
 * The findings' reads and their audit row, as one statement built once with placeholders
 * (read-together.ts): built per request, drizzle's building of these four reads was an eighth of
 * the considerations panel's CPU (issue 11). `patientId` is the audited patient's: the reads are
 * limited to the record the access decision granted, as an AuditedAccess would limit them.
 */
const findingsStatement = preparedReadTogether(
  (db: Db, param: FindingsParam) => ({
    encounter: deferRead(
      db
        .select({
          id: encounters.id,
          status: encounters.status,
          start: sql<Date>`coalesce(${encounters.startedAt}, ${encounters.createdAt})`.mapWith(encounters.createdAt),
          end: encounters.endedAt,
        })
        .from(encounters)
        .where(and(eq(encounters.id, param('encounterId')), eq(encounters.patientId, param('patientId')))),
      (rows) => rows,
    ),
    notes: deferRead(
      db
        .select({
          subjective: clinicalNotes.subjective,
          objective: clinicalNotes.objective,
          assessment: clinicalNotes.assessment,
          freeText: clinicalNotes.freeText,
        })
        .from(clinicalNotes)
        .where(and(eq(clinicalNotes.patientId, param('patientId')), eq(clinicalNotes.encounterId, param('encounterId'))))
        .orderBy(asc(clinicalNotes.createdAt)),
      (rows) => rows,
    ),
    diagnoses: deferRead(
      db
        .select({ code: diagnoses.code, description: diagnoses.description })
        .from(diagnoses)
        .where(
          and(eq(diagnoses.patientId, param('patientId')), eq(diagnoses.encounterId, param('encounterId')), eq(diagnoses.status, 'active')),
        )
        .orderBy(asc(diagnoses.recordedAt)),
      (rows) => rows,
    ),
    observations: deferRead(selectFindingObservations(db, param), (rows) => rows),
  }),
  { writes: (db, param) => [preparedAuditValuesInsert(db, param)] },
);

/**
 * The findings of one encounter for "things to consider": the same access as reading the encounter
 * (clinical tier, staff only) and ONE `encounter.read` audit row naming the section, sent with the
 * reads in one statement.
 */
export async function readEncounterFindings(db: Db, ctx: ServiceContext, encounterId: string): Promise<EncounterFindings> {
  const access = await resolveChildAccess(db, ctx, { resourceType: 'encounter', id: encounterId }, 'encounter.read', { staffOnly: true });
  const { audited, values } = accessAuditValues(ctx, access, {
    action: 'encounter.read',
    resourceType: 'encounter',
    resourceId: encounterId,
    category: 'clinical',
    detail: { sections: ['considerations'] },
  });
  const read = await findingsStatement(db, { patientId: audited.patientId, encounterId, now: ctx.now, ...values });
  const [encounter] = read.encounter;
  if (!encounter) throw notFound('The encounter');
  return {
    encounterId,
    patientId: access.patient.id,
    patient: labelOf(access.patient),
    encounterStatus: encounter.status,
    period: { start: encounter.start, end: encounter.end },
    noteTexts: read.notes.flatMap((n) => [n.subjective, n.objective, n.assessment, n.freeText]).filter((s) => s.trim() !== ''),
    diagnoses: read.diagnoses,
    observations: read.observations,
  };
}
