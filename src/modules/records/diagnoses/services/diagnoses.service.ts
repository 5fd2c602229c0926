import { auditedViews } from '../../../../platform/audit/audited-views.js';
import type { ServiceContext } from '../../../../platform/auth/actor.js';
import type { Db } from '../../../../platform/db/database.js';
import { deferRead, readTogether, runRead, type DeferredRead } from '../../../../platform/db/read-together.js';
import { notFound, unprocessable } from '../../../../platform/errors.js';
import {
  accessAuditValues,
  auditAccess,
  conditionsSection,
  labelOf,
  pendingAccessAudit,
  type PatientLabel,
  type Condition,
} from '../../../patients/index.js';
import type { ChartDiagnosis } from '../../chart/chart.types.js';
import {
  findDiagnosis,
  insertDiagnosis,
  listDiagnoses,
  encounterDiagnosesQuery,
  listEncounterDiagnoses,
  markDiagnosisEnteredInError,
  type DiagnosisRow,
} from '../diagnoses.repository.js';
import type { CreateDiagnosisInput, Diagnosis, Problem } from '../diagnoses.schemas.js';
import type { DiagnosisRank } from '../diagnoses.tables.js';
import { resolveChildAccess, resolveRecordAccess, requireStaffId } from '../../encounters/services/encounters-access.service.js';
import type { AuditedAccess } from '../../../../platform/audit/audit.service.js';
import { findIcd10 } from './icd10.service.js';

/**
 * Coded diagnoses on encounters (ICD-10-CM). Clinicians with a clinical tier write them; removal
 * marks entered-in-error (kept for the record). Every read and write is audited with codes only.
 */

export const toDiagnosis = (row: DiagnosisRow): Diagnosis => ({
  id: row.id,
  patientId: row.patientId,
  encounterId: row.encounterId,
  code: row.code,
  description: row.description,
  rank: row.rank,
  chronic: row.chronic,
  status: row.status,
  recordedAt: row.recordedAt,
  removedAt: row.removedAt,
});

async function encounterAccess(db: Db, ctx: ServiceContext, encounterId: string, action: string) {
  return resolveChildAccess(db, ctx, { resourceType: 'encounter', id: encounterId }, action, { staffOnly: true });
}

export async function addDiagnosis(db: Db, ctx: ServiceContext, encounterId: string, input: CreateDiagnosisInput): Promise<Diagnosis> {
  const access = await encounterAccess(db, ctx, encounterId, 'diagnosis.create');
  requireStaffId(ctx);
  const code = await findIcd10(db, input.code);
  if (!code) throw unprocessable(`${input.code.toUpperCase()} is not an ICD-10-CM code.`);
  return db.transaction(async (tx) => {
    const audited = await auditAccess(tx, ctx, access, {
      action: 'diagnosis.create',
      resourceType: 'diagnosis',
      category: 'clinical',
      detail: { encounterId, code: code.code, rank: input.rank ?? null, chronic: input.chronic },
    });
    const rank = input.rank ?? (await defaultRank(tx, audited, encounterId));
    const row = await insertDiagnosis(tx, audited, {
      encounterId,
      code: code.code,
      description: code.description,
      rank,
      chronic: input.chronic,
      recordedBy: ctx.actor.userId,
      recordedAt: ctx.now,
      createdAt: ctx.now,
    });
    return toDiagnosis(row);
  });
}

/** The rank when none is given: primary for the encounter's first active diagnosis, secondary afterwards. */
export async function defaultRank(tx: Db, audited: AuditedAccess, encounterId: string): Promise<DiagnosisRank> {
  return (await listEncounterDiagnoses(tx, audited, encounterId)).length === 0 ? 'primary' : 'secondary';
}

/** DELETE: the diagnosis was entered in error. It stays in the database, out of every list. */
export async function removeDiagnosis(db: Db, ctx: ServiceContext, encounterId: string, diagnosisId: string): Promise<void> {
  const access = await encounterAccess(db, ctx, encounterId, 'diagnosis.delete');
  requireStaffId(ctx);
  await db.transaction(async (tx) => {
    const audited = await auditAccess(tx, ctx, access, {
      action: 'diagnosis.delete',
      resourceType: 'diagnosis',
      resourceId: diagnosisId,
      category: 'clinical',
      detail: { encounterId },
    });
    const current = await findDiagnosis(tx, audited, encounterId, diagnosisId);
    if (!current || current.status !== 'active') throw notFound('The diagnosis');
    await markDiagnosisEnteredInError(tx, audited, diagnosisId, ctx.actor.userId, ctx.now);
  });
}

export async function listDiagnosesOfEncounter(db: Db, ctx: ServiceContext, encounterId: string): Promise<Diagnosis[]> {
  return (await diagnosesOfEncounterWithPatient(db, ctx, encounterId)).diagnoses;
}

/** The same read (one decision, one audit row) with the encounter's patient, for the page heading. */
export async function diagnosesOfEncounterWithPatient(
  db: Db,
  ctx: ServiceContext,
  encounterId: string,
): Promise<{ diagnoses: Diagnosis[]; patient: PatientLabel }> {
  const access = await encounterAccess(db, ctx, encounterId, 'diagnosis.list');
  // The audit row and the read in one statement: they commit together, without a transaction's round trips.
  const { audited, write } = pendingAccessAudit(db, ctx, access, {
    action: 'diagnosis.list',
    resourceType: 'diagnosis',
    category: 'clinical',
    detail: { encounterId },
  });
  const { diagnoses } = await readTogether(
    db,
    { diagnoses: deferRead(encounterDiagnosesQuery(db, audited, encounterId), (rows) => rows.map(toDiagnosis)) },
    { writes: [write] },
  );
  return { diagnoses, patient: labelOf(access.patient) };
}

/** The patient's active diagnoses, newest first (clinical tier: the patient too). */
export async function listPatientDiagnoses(db: Db, ctx: ServiceContext, patientId: string): Promise<Diagnosis[]> {
  const access = await resolveRecordAccess(db, ctx, patientId, 'diagnosis.list');
  return db.transaction(async (tx) => {
    const audited = await auditAccess(tx, ctx, access, { action: 'diagnosis.list', resourceType: 'diagnosis', category: 'clinical' });
    return readPatientDiagnoses(tx, audited);
  });
}

/** The diagnoses section of an audited read model (chart, health record): the caller decided and audited. */
export async function readPatientDiagnoses(tx: Db, audited: AuditedAccess): Promise<Diagnosis[]> {
  return runRead(diagnosesSection(tx, audited));
}

/** The same section as a query not run yet, so a view can read it with its other sections in one statement. */
export function diagnosesSection(tx: Db, audited: AuditedAccess): DeferredRead<Diagnosis[]> {
  return deferRead(listDiagnoses(tx, audited), (rows) => rows.map(toDiagnosis));
}

export const toChartDiagnosis = (d: Diagnosis): ChartDiagnosis => ({
  id: d.id,
  code: d.code,
  description: d.description,
  encounterId: d.encounterId,
  status: d.status,
  recordedAt: d.recordedAt,
});

/** Fixed interface for the chart. */
export async function listDiagnosesForChart(db: Db, ctx: ServiceContext, patientId: string): Promise<ChartDiagnosis[]> {
  return (await listPatientDiagnoses(db, ctx, patientId)).map(toChartDiagnosis);
}

/**
 * The problem list: the foundation's active conditions and the chronic diagnoses, one entry per
 * code (the diagnosis wins: it is coded). ONE access decision, then ONE statement built once: the
 * audit row naming the problem list with the diagnoses and conditions it is built from (issue 11:
 * two decisions and two audit rows in two transactions before).
 */
export async function listProblemList(db: Db, ctx: ServiceContext, patientId: string): Promise<Problem[]> {
  const access = await resolveRecordAccess(db, ctx, patientId, 'diagnosis.list');
  const audit = accessAuditValues(ctx, access, {
    action: 'diagnosis.list',
    resourceType: 'diagnosis',
    category: 'clinical',
    detail: { sections: ['problems'] },
  });
  const { diagnoses, conditions } = await problemListViews(db, 'problems', audit, problemListReads);
  return buildProblemList(diagnoses, conditions);
}

const problemListViews = auditedViews();

/**
 * The two reads a problem list is built from (`buildProblemList`), for a view that reads them with
 * its audit row in one statement (the new prescription's form): the caller decided and audited.
 */
export function problemListReads(db: Db, audited: AuditedAccess) {
  return { diagnoses: diagnosesSection(db, audited), conditions: conditionsSection(db, audited) };
}

/** The problem list from diagnoses and conditions already read (no query of its own). */
export function buildProblemList(diagnoses: Diagnosis[], conditions: Condition[]): Problem[] {
  const chronic = diagnoses.filter((d) => d.chronic);
  const active = conditions.filter((c) => c.category === 'condition' && c.status === 'active');
  const problems: Problem[] = [];
  const codes = new Set<string>();
  for (const d of [...chronic].sort((a, b) => a.recordedAt.getTime() - b.recordedAt.getTime())) {
    if (codes.has(d.code)) continue;
    codes.add(d.code);
    problems.push({
      id: d.id,
      source: 'diagnosis',
      code: d.code,
      description: d.description,
      since: d.recordedAt,
      encounterId: d.encounterId,
    });
  }
  for (const c of active) {
    const code = c.icd10Code ? c.icd10Code.toUpperCase() : null;
    if (code && codes.has(code)) continue;
    if (code) codes.add(code);
    problems.push({
      id: c.id,
      source: 'condition',
      code,
      description: c.description,
      since: c.onsetDate ?? c.createdAt,
      encounterId: null,
    });
  }
  return problems;
}
