import type { Placeholder } from 'drizzle-orm';
import { auditActorOf, patientsAuditValues, preparedPatientsAudit } from '../../../platform/audit/audit.service.js';
import type { ServiceContext } from '../../../platform/auth/actor.js';
import type { Db } from '../../../platform/db/database.js';
import { deferRead, preparedReadTogether } from '../../../platform/db/read-together.js';
import { incomingIncidentsRead } from '../../emergency/index.js';
import { patientLabelsRead, type PatientLabel } from '../../patients/index.js';
import type { EdBoardDto } from '../ed.schemas.js';
import { listTriageLevels, selectOpenArrivals } from '../ed.repository.js';
import { CRITICAL_LEVELS } from '../ed.vocabulary.js';
import { arrivalDto, compareWaiting, levelDto, patientLabelDto } from './arrival-views.js';
import { requireEdStaff } from './ed-access.js';

/** The board's audit rows (one per patient shown) with the patients' labels: ONE statement, built once (issue 11). */
const boardLabelsStatement = preparedReadTogether(
  (db, param: (name: `audit_${string}`) => Placeholder) => ({ labels: patientLabelsRead(db, preparedPatientsAudit(param).audited) }),
  { writes: (_db, param) => [preparedPatientsAudit(param).write] },
);

/** The open arrivals and the incoming incidents with their units: ONE statement, built once (they were four). */
const boardRowsStatement = preparedReadTogether((db) => ({
  arrivals: deferRead(selectOpenArrivals(db), (rows) => rows),
  incidents: incomingIncidentsRead(db),
}));

/**
 * The emergency department's board (docs/emergency.md): incoming emergency incidents with their
 * ambulance and ETA, the patients waiting (triage level by its label, time waiting against the
 * target), those being treated, and the critical ones (levels 1–2). One audit row per patient shown,
 * written in the statement that reads their labels: two statements whatever the number of patients
 * (the triage scale comes from the reference cache).
 */
export async function edBoard(db: Db, ctx: ServiceContext): Promise<EdBoardDto> {
  const department = await requireEdStaff(db, ctx);
  const [{ arrivals, incidents }, levels] = await Promise.all([boardRowsStatement(db, {}), listTriageLevels(db)]);
  const patientIds = [...new Set([...arrivals.map((a) => a.patientId), ...incidents.map((i) => i.patientId)])];
  const audit = patientsAuditValues(
    auditActorOf(ctx.actor),
    ctx.origin,
    { action: 'ed.board.view', resourceType: 'ed_arrival', category: 'clinical' },
    patientIds,
    ctx.now,
  );
  // An empty board writes and reads nothing more.
  const labels = patientIds.length > 0 ? (await boardLabelsStatement(db, audit)).labels : new Map<string, PatientLabel>();
  const scale = new Map(levels.map((l) => [l.level, l]));
  const dto = (row: (typeof arrivals)[number]) => arrivalDto(row, labels.get(row.patientId)!, scale, ctx.now);
  const waiting = arrivals.filter((a) => !a.seenAt).sort(compareWaiting);
  return {
    departmentId: department.id,
    incoming: incidents.map((i) => ({
      incidentId: i.incidentId,
      patient: patientLabelDto(labels.get(i.patientId)!),
      status: i.status,
      raisedAt: i.raisedAt.toISOString(),
      etaAt: i.etaAt?.toISOString() ?? null,
      unit: i.unit,
    })),
    waiting: waiting.map(dto),
    inTreatment: arrivals.filter((a) => a.seenAt).map(dto),
    critical: arrivals
      .filter((a) => a.level !== null && CRITICAL_LEVELS.includes(a.level))
      .sort(compareWaiting)
      .map(dto),
    scale: levels.map(levelDto),
  };
}
