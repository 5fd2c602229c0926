import type { RequestOrigin } from '../../../../platform/auth/actor.js';
import { writeAudit } from '../../../../platform/audit/audit.service.js';
import type { Db } from '../../../../platform/db/database.js';
import { findByVerificationHash } from '../patient-medicines.repository.js';
import type { VerificationResultDto, VerificationStatus } from '../patient-medicines.schemas.js';
import { prescriberName } from './my-medicines.service.js';
import { hashVerificationCode, normaliseVerificationCode } from './verification-code.js';

const STATUS_FOR_PHARMACY: Record<string, VerificationStatus> = {
  signed: 'active',
  completed: 'completed',
  stopped: 'stopped',
  entered_in_error: 'cancelled',
};

/**
 * Checks a code from a prescription PDF for a pharmacy (public: no sign-in). The answer holds only
 * validity, status, product, date signed and prescriber; never the patient. A successful check is
 * audited on the patient's record (who asked is unknown: the origin is kept); a wrong code writes
 * nothing (the rate limit, not the audit trail, stops guessing). The code never leaves this function.
 */
export async function verifyPrescriptionCode(
  db: Db,
  input: { code: string; origin: RequestOrigin; now: Date },
): Promise<VerificationResultDto> {
  const normalised = normaliseVerificationCode(input.code);
  if (!normalised) return { valid: false };
  const row = await findByVerificationHash(db, hashVerificationCode(normalised));
  if (!row || !row.signedAt) return { valid: false };
  // An active prescription the hospital pharmacy has dispensed (in part or whole) says so: it is not
  // to be dispensed again from the paper copy.
  const status = row.status === 'signed' && row.dispensed ? 'dispensed' : (STATUS_FOR_PHARMACY[row.status] ?? 'cancelled');
  await writeAudit(
    db,
    {},
    input.origin,
    {
      action: 'prescription.code_check',
      resourceType: 'prescription',
      resourceId: row.prescriptionId,
      patientId: row.patientId,
      category: 'clinical',
      detail: { status },
    },
    input.now,
  );
  return { valid: true, status, product: row.productName, signedAt: row.signedAt, prescriber: prescriberName(row) ?? undefined };
}
