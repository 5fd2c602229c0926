import { auditActorOf, writeAudit } from '../../../platform/audit/audit.service.js';
import type { ServiceContext } from '../../../platform/auth/actor.js';
import type { Db } from '../../../platform/db/database.js';
import { AppError, notFound } from '../../../platform/errors.js';
import { assertVersion } from '../../../platform/http/api-helpers.js';
import { deferRead, readTogether } from '../../../platform/db/read-together.js';
import { auditAccess, pendingAccessAudit } from '../../patients/index.js';
import { monthsBefore } from '../checks/override-collapsing.js';
import { runSigningChecks, type SigningAlert } from '../checks/signing-checks.js';
import { frequencyWithoutDose } from '../prescriptions.frequency.js';
import {
  findPrescription,
  insertAlerts,
  lockPatientPrescriptions,
  prescriptionQuery,
  updatePrescriptionRow,
} from '../prescriptions.repository.js';
import type { PrescriptionDto, SignPrescriptionInput } from '../prescriptions.schemas.js';
import { materialiseDoses } from '../doses/services/dose-materialise.service.js';
import { collapseOverriddenAlerts } from './override-collapsing.service.js';
import { readSigningFacts } from './prescription-facts.js';
import { accessPrescription, loadPrescription, recordSigned } from './prescriptions.service.js';
import { toPrescriptionDto } from './prescription-view.js';

/**
 * Signing a prescription, with its safety checks run INSIDE the signing transaction: the patient's
 * prescriptions are locked (a transaction advisory lock per patient), the active medicines and
 * allergies are read, the checks run, and only then is the prescription signed. Critical and
 * high-priority alerts need an override reason each; without one the answer is 422
 * `override_required` listing the alerts, and the transaction rolls back: nothing is written.
 */

/** How long an override collapses the same alert for the same prescriber (config MEDICATION_OVERRIDE_COLLAPSE_MONTHS). */
export interface SigningOptions {
  collapseMonths: number;
}

/** The checks for a draft, as signing would run them now; writes only the audit row of the read. */
export async function previewPrescriptionChecks(
  db: Db,
  ctx: ServiceContext,
  prescriptionId: string,
  options: SigningOptions,
): Promise<SigningAlert[]> {
  const access = await accessPrescription(db, ctx, prescriptionId, 'prescription.check');
  // A read: no transaction. The audit row travels with the read of the draft (one statement: they
  // commit together, and nothing is read without its row), then the facts and the prescriber's
  // earlier overrides in one more; two round trips after the access decision.
  const { audited, write } = pendingAccessAudit(db, ctx, access, {
    action: 'prescription.check',
    resourceType: 'prescription',
    resourceId: prescriptionId,
    category: 'clinical',
  });
  const { draft } = await readTogether(
    db,
    { draft: deferRead(prescriptionQuery(db, audited, prescriptionId), (rows) => rows[0]) },
    { writes: [write] },
  );
  if (!draft) throw notFound('The prescription');
  if (draft.status !== 'draft') throw recordSigned();
  const { facts, earlierOverrides } = await readSigningFacts(db, audited, draft, access.patient.allergyStatus, overridesOf(ctx, options));
  const collapse = { now: ctx.now, months: options.collapseMonths };
  return collapseOverriddenAlerts(db, audited, collapse, facts, runSigningChecks(facts), earlierOverrides);
}

/** Whose earlier overrides, since when, can stand for an alert now (MEDICATION_OVERRIDE_COLLAPSE_MONTHS). */
function overridesOf(ctx: ServiceContext, options: SigningOptions): { prescriberId: string; since: Date } {
  return { prescriberId: ctx.actor.userId, since: options.collapseMonths > 0 ? monthsBefore(ctx.now, options.collapseMonths) : ctx.now };
}

/** Signs a draft: checks, overrides, the signed row, the alerts shown and the audit, all or nothing. */
export async function signPrescription(
  db: Db,
  ctx: ServiceContext,
  prescriptionId: string,
  input: SignPrescriptionInput,
  expected: number | undefined,
  options: SigningOptions,
): Promise<{ prescription: PrescriptionDto; alerts: SigningAlert[] }> {
  const access = await accessPrescription(db, ctx, prescriptionId, 'prescription.sign');
  return db.transaction(async (tx) => {
    const audited = await auditAccess(tx, ctx, access, {
      action: 'prescription.sign',
      resourceType: 'prescription',
      resourceId: prescriptionId,
      category: 'clinical',
      severity: 'medium',
    });
    await lockPatientPrescriptions(tx, audited);
    const draft = await loadPrescription(tx, audited, prescriptionId, true);
    if (draft.status !== 'draft') throw recordSigned();
    assertVersion(draft.version, expected);
    const noDose = frequencyWithoutDose(draft.frequency);
    if (noDose) throw new AppError('unprocessable', 'This frequency gives no dose.', { errors: [noDose] });

    const { facts, earlierOverrides } = await readSigningFacts(tx, audited, draft, access.patient.allergyStatus, overridesOf(ctx, options));
    const collapse = { now: ctx.now, months: options.collapseMonths };
    const checked = await collapseOverriddenAlerts(tx, audited, collapse, facts, runSigningChecks(facts), earlierOverrides);
    const reasons = new Map(input.overrides.map((o) => [o.key, o.reason]));
    // A reason given anyway for a collapsed alert is a new override (and restarts its months).
    const alerts = checked.map((a) => (a.collapsed && reasons.has(a.key) ? { ...a, collapsed: null } : a));
    const missing = alerts.filter((a) => a.requiresOverride && !a.collapsed && !reasons.has(a.key));
    if (missing.length > 0) {
      throw new AppError('override_required', 'Give a reason to override each critical or high-priority alert before signing.', {
        alerts,
        errors: missing.map((a) => ({ path: 'overrides', message: `Alert ${a.key} needs an override reason.` })),
      });
    }

    if (draft.replacesId) {
      const old = await findPrescription(tx, audited, draft.replacesId, { forUpdate: true });
      if (!old || old.status !== 'signed') throw new AppError('conflict', 'The prescription this one replaces is no longer active.');
      await updatePrescriptionRow(tx, audited, old.id, old.version, {
        status: 'stopped',
        stoppedAt: ctx.now,
        stoppedBy: ctx.actor.userId,
        replacedById: draft.id,
        updatedAt: ctx.now,
      });
    }
    await updatePrescriptionRow(tx, audited, draft.id, draft.version, { status: 'signed', signedAt: ctx.now, updatedAt: ctx.now });
    // The first 48 hours of planned doses exist from the moment of signing (the dose job keeps the window rolling).
    await materialiseDoses(tx, ctx.now, [draft.id]);
    await insertAlerts(
      tx,
      audited,
      alerts.map((a) => {
        const reason = a.requiresOverride && !a.collapsed ? reasons.get(a.key)! : null;
        return {
          prescriptionId: draft.id,
          kind: a.kind,
          severity: a.severity,
          alertKey: a.key,
          source: a.source,
          sourceEdition: a.sourceEdition,
          drug: a.drug,
          otherDrug: a.otherDrug,
          otherPrescriptionId: a.otherPrescriptionId,
          otherOutsideMedicationId: a.otherOutsideMedicationId,
          collapseKey: a.collapseKey,
          collapsedFromId: a.collapsed?.alertId ?? null,
          rule: a.rule,
          consequence: a.consequence,
          requiresOverride: a.requiresOverride,
          overrideReason: reason,
          overriddenBy: reason === null ? null : ctx.actor.userId,
          overriddenAt: reason === null ? null : ctx.now,
          createdAt: ctx.now,
        };
      }),
    );
    // Each override is its own audit event (ids and codes only; the reason is in the alert row).
    for (const a of alerts.filter((x) => x.requiresOverride && !x.collapsed)) {
      await writeAudit(
        tx,
        auditActorOf(ctx.actor),
        ctx.origin,
        {
          action: 'prescription.alert_override',
          resourceType: 'prescription',
          resourceId: draft.id,
          patientId: access.patient.id,
          category: 'clinical',
          severity: 'high',
          detail: { alertKey: a.key, kind: a.kind, severity: a.severity, source: a.source },
        },
        ctx.now,
      );
    }
    return { prescription: toPrescriptionDto(await loadPrescription(tx, audited, draft.id)), alerts };
  });
}
