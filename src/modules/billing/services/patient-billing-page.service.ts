import type { ServiceContext } from '../../../platform/auth/actor.js';
import type { Db } from '../../../platform/db/database.js';
import { auditedViews } from '../../../platform/audit/audited-views.js';
import { accessAuditValues, labelOf } from '../../patients/index.js';
import type { ChargeItemDto, PatientBillingDto } from '../billing.schemas.js';
import { billedEncountersRead } from '../capture/encounter-billing.service.js';
import type { BilledEncounterSummaryDto } from '../capture/encounter-billing.schemas.js';
import { claimSummaries, patientInsuranceReads, type PatientInsurance } from '../insurance/services/patient-insurance.service.js';
import { billingAccess } from './billing-access.js';
import { invoiceSummaries, patientBillingReads } from './billing-queries.service.js';
import { chargeItemsRead } from './catalogue.service.js';

/** What the patient's billing page shows, named in its one audit row. */
export const PATIENT_BILLING_PAGE_SECTIONS = [
  'unbilled_charges',
  'invoices',
  'billed_encounters',
  'insurance_policies',
  'eligibility_checks',
  'insurance_cards',
  'claims',
] as const;

export interface PatientBillingPageData {
  data: PatientBillingDto;
  priceList: ChargeItemDto[];
  billedEncounters: BilledEncounterSummaryDto[];
  insurance: PatientInsurance;
}

/**
 * A patient's billing page for billing staff as an audited read model (SECURITY.md "Audited read
 * models"): one access decision, then ONE `billing.patient.read` row naming the sections, sent
 * with every section and the price list in one statement, BUILT ONCE (`auditedViews`, issue 11):
 * no transaction, no row without its audit. (Before issue 11's pass it was two services, each
 * deciding and auditing on its own, and a query per part: 13 statements a view.)
 */
export async function readPatientBillingPage(db: Db, ctx: ServiceContext, patientId: string): Promise<PatientBillingPageData> {
  const access = await billingAccess(db, ctx, patientId, 'billing.patient.read');
  const audit = accessAuditValues(ctx, access, {
    action: 'billing.patient.read',
    resourceType: 'patient',
    resourceId: patientId,
    category: 'registration',
    detail: { sections: PATIENT_BILLING_PAGE_SECTIONS },
  });
  const { unbilled, invoiceRows, priceList, billedEncounters, claimRows, ...insurance } = await billingPageViews(
    db,
    'page',
    audit,
    (db, audited) => ({
      ...patientBillingReads(db, audited.patientId),
      priceList: chargeItemsRead(db),
      billedEncounters: billedEncountersRead(db, audited.patientId),
      ...patientInsuranceReads(db, audited.patientId),
    }),
  );
  return {
    data: { patient: labelOf(access.patient), unbilled, invoices: invoiceSummaries(invoiceRows, access.patient) },
    priceList,
    billedEncounters,
    insurance: { ...insurance, claims: claimSummaries(claimRows, access.patient) },
  };
}

const billingPageViews = auditedViews();
