import type { ServiceContext } from '../../../../platform/auth/actor.js';
import type { Db } from '../../../../platform/db/database.js';
import { AppError, notFound } from '../../../../platform/errors.js';
import { formatDate, translator } from '../../../../platform/i18n/i18n.js';
import { auditAccess } from '../../../patients/index.js';
import { insertVerificationCode, selectMyMedicine, selectPatientRenewals } from '../patient-medicines.repository.js';
import { resolveOwnPrescription, toMyMedicine } from './my-medicines.service.js';
import { generateVerificationCode, hashVerificationCode, normaliseVerificationCode } from './verification-code.js';

export interface PrescriptionFile {
  filename: string;
  body: Uint8Array;
}

/**
 * The PDF of one of the patient's active (signed) prescriptions, with a new verification code.
 * In one transaction: the `prescription.pdf_export` audit row, the read, and the code's hash; the
 * code itself exists only in the PDF (never stored, logged, or put in a URL). Another patient's
 * prescription, a draft or one in error → 404; a stopped or completed one → 409 (nothing to dispense).
 */
export async function exportMyPrescriptionPdf(
  db: Db,
  ctx: ServiceContext,
  prescriptionId: string,
  publicUrl: string,
): Promise<PrescriptionFile> {
  const access = await resolveOwnPrescription(db, ctx, prescriptionId, 'prescription.pdf_export');
  const code = generateVerificationCode();
  const medicine = await db.transaction(async (tx) => {
    const audited = await auditAccess(tx, ctx, access, {
      action: 'prescription.pdf_export',
      resourceType: 'prescription',
      resourceId: prescriptionId,
      category: 'clinical',
      severity: 'medium',
      detail: { format: 'pdf' },
    });
    const [row] = await selectMyMedicine(tx, audited, prescriptionId);
    if (!row) throw notFound('The medicine');
    if (row.status !== 'signed')
      throw new AppError('conflict', 'Only an active prescription can be printed for a pharmacy.', { status: row.status });
    await insertVerificationCode(tx, audited, {
      prescriptionId,
      codeHash: hashVerificationCode(normaliseVerificationCode(code)!),
      issuedBy: ctx.actor.userId,
      createdAt: ctx.now,
    });
    return toMyMedicine(row, await selectPatientRenewals(tx, audited, prescriptionId));
  });
  const { locale, timeZone } = ctx.actor;
  const p = access.patient;
  // pdf-lib and its fonts load with the first PDF asked for, not when the server starts (~25 MB idle; issue 11).
  const { buildPrescriptionPdf } = await import('./prescription-pdf.js');
  const body = await buildPrescriptionPdf({
    medicine,
    patient: { name: `${p.givenName} ${p.familyName}`, birthDate: p.birthDate ? formatDate(locale, p.birthDate) : null, mrn: p.mrn },
    code,
    verifyUrl: `${publicUrl}/verify-prescription`,
    t: translator(locale),
    locale,
    timeZone,
    now: ctx.now,
  });
  return { filename: `prescription-${prescriptionId.slice(0, 8)}.pdf`, body };
}
