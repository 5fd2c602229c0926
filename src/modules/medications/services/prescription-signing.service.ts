import { auditActorOf, writeAudit } from '../../../platform/audit/audit.service.js';
import type { ServiceContext } from '../../../platform/auth/actor.js';
import type { Db } from '../../../platform/db/database.js';
import { AppError } from '../../../platform/errors.js';
import { assertVersion } from '../../../platform/http/api-helpers.js';
import { auditAccess } from '../../patients/index.js';
import { runSigningChecks, type SigningAlert } from '../checks/signing-checks.js';
import { frequencyWithoutDose } from '../prescriptions.frequency.js';
import { findPrescription, insertAlerts, lockPatientPrescriptions, updatePrescriptionRow } from '../prescriptions.repository.js';
import type { PrescriptionDto, SignPrescriptionInput } from '../prescriptions.schemas.js';
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

/** The checks for a draft, as signing would run them now; writes only the audit row of the read. */
export async function previewPrescriptionChecks(db: Db, ctx: ServiceContext, prescriptionId: string): Promise<SigningAlert[]> {
  const access = await accessPrescription(db, ctx, prescriptionId, 'prescription.check');
  return db.transaction(async (tx) => {
    const audited = await auditAccess(tx, ctx, access, {
      action: 'prescription.check',
      resourceType: 'prescription',
      resourceId: prescriptionId,
      category: 'clinical',
    });
    const draft = await loadPrescription(tx, audited, prescriptionId);
    if (draft.status !== 'draft') throw recordSigned();
    return runSigningChecks(await readSigningFacts(tx, audited, draft, access.patient.allergyStatus));
  });
}

/** Signs a draft: checks, overrides, the signed row, the alerts shown and the audit, all or nothing. */
export async function signPrescription(
  db: Db,
  ctx: ServiceContext,
  prescriptionId: string,
  input: SignPrescriptionInput,
  expected: number | undefined,
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

    const alerts = runSigningChecks(await readSigningFacts(tx, audited, draft, access.patient.allergyStatus));
    const reasons = new Map(input.overrides.map((o) => [o.key, o.reason]));
    const missing = alerts.filter((a) => a.requiresOverride && !reasons.has(a.key));
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
    await insertAlerts(
      tx,
      audited,
      alerts.map((a) => {
        const reason = a.requiresOverride ? reasons.get(a.key)! : null;
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
    for (const a of alerts.filter((x) => x.requiresOverride)) {
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
