import type { ServiceContext } from '../../../platform/auth/actor.js';
import type { HospitalDetails } from './hospital-details.js';
import type { Db } from '../../../platform/db/database.js';
import type { BillingFile } from './invoice-pdf.service.js';
import { buildStatementPdf } from './statement-pdf.js';
import { getStatement } from './statement.service.js';

/** The statement as a PDF, audited as `billing.statement.pdf`; named by the MRN and the period, never the name. */
export async function exportStatementPdf(
  db: Db,
  ctx: ServiceContext,
  patientId: string,
  period: { from: string; to: string },
  config: { hospital: HospitalDetails; billingCurrency: string },
): Promise<BillingFile> {
  const statement = await getStatement(db, ctx, patientId, period, 'billing.statement.pdf');
  const print = { locale: ctx.actor.locale, timeZone: ctx.actor.timeZone, now: ctx.now };
  const { bytes } = await buildStatementPdf(statement, config.hospital, print, config.billingCurrency);
  const mrn = statement.patient.mrn.replace(/[^A-Za-z0-9-]/g, '');
  return { filename: `statement-${mrn}-${period.from}-${period.to}.pdf`, body: bytes };
}
