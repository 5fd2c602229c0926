import type { Placeholder } from 'drizzle-orm';
import {
  auditActorOf,
  auditPatientAccess,
  auditValues,
  type AuditedAccess,
  type AuditEntry,
} from '../../../platform/audit/audit.service.js';
import type { ViewAudit } from '../../../platform/audit/audited-views.js';
import type { ServiceContext } from '../../../platform/auth/actor.js';
import { deferRead, preparedReadTogether } from '../../../platform/db/read-together.js';
import type { Db } from '../../../platform/db/database.js';
import { notFound } from '../../../platform/errors.js';
import { accessAuditValues, auditAccess, resolvePatientAccess } from '../../patients/index.js';
import { dayBounds } from '../../records/index.js';
import { roundPatientQuery } from '../vitals.repository.js';

export interface VitalsPatient {
  id: string;
  name: string;
  mrn: string;
  birthDate: string;
}

export interface VitalsAccess {
  patient: VitalsPatient;
  /** The department of the round through which a nurse or doctor reaches the patient, else null. */
  departmentId: string | null;
  /** Writes the access's audit row in the caller's transaction; the proof lets the repository read. */
  audit(tx: Db, entry: Omit<AuditEntry, 'patientId'>): Promise<AuditedAccess>;
  /** The same row as the values of a view built once (`auditedViews`). */
  viewAudit(entry: Omit<AuditEntry, 'patientId'>): ViewAudit;
}

/**
 * Who may see and enter a patient's vital signs:
 * - a nurse or doctor whose department has the patient today (an open encounter or an appointment
 *   there: the observation round, like the medication round), audited with `relationship:
 *   department_round` — the round is a care relationship the care-team list does not hold yet;
 * - otherwise the patients module's decision: the patient themself, the care team, break-the-glass
 *   (else 404 with a denied audit row).
 */
export async function vitalsAccess(db: Db, ctx: ServiceContext, patientId: string, action: string): Promise<VitalsAccess> {
  const staffId = ctx.actor.staffId;
  if ((ctx.actor.role === 'nurse' || ctx.actor.role === 'doctor') && staffId) {
    const { from: dayStart, to: dayEnd } = dayBounds(ctx.now, ctx.actor.timeZone);
    const { onRound } = await roundPatientStatement(db, { staffId, patientId, dayStart, dayEnd });
    if (onRound) {
      const onRoundEntry = (entry: Omit<AuditEntry, 'patientId'>) => ({
        ...entry,
        patientId,
        detail: { ...entry.detail, relationship: 'department_round' },
      });
      const actor = auditActorOf(ctx.actor);
      const { departmentId, ...patient } = onRound;
      return {
        patient,
        departmentId,
        audit: (tx, entry) => auditPatientAccess(tx, actor, ctx.origin, onRoundEntry(entry), ctx.now),
        viewAudit: (entry) => ({
          audited: { patientId } as AuditedAccess,
          values: auditValues(actor, ctx.origin, onRoundEntry(entry), ctx.now),
        }),
      };
    }
  }
  const access = await resolvePatientAccess(db, ctx, patientId, { need: 'clinical', action });
  const p = access.patient;
  return {
    patient: { id: p.id, name: `${p.givenName} ${p.familyName}`, mrn: p.mrn, birthDate: p.birthDate },
    departmentId: null,
    audit: (tx, entry) => auditAccess(tx, ctx, access, entry),
    viewAudit: (entry) => accessAuditValues(ctx, access, entry),
  };
}

/** Whether the patient is on the viewer's department round today, BUILT ONCE (the first read of every vitals page; issue 11). */
const roundPatientStatement = preparedReadTogether((db, param: (name: 'staffId' | 'patientId' | 'dayStart' | 'dayEnd') => Placeholder) => ({
  onRound: deferRead(
    roundPatientQuery(db, {
      staffId: param('staffId'),
      patientId: param('patientId'),
      dayStart: param('dayStart'),
      dayEnd: param('dayEnd'),
    }),
    ([row]) => row,
  ),
}));

/** The signed-in patient's own record id (a patient account without a record → 404). */
export function ownPatientId(ctx: ServiceContext): string {
  if (ctx.actor.role !== 'patient' || !ctx.actor.patientId) throw notFound('Your record');
  return ctx.actor.patientId;
}
