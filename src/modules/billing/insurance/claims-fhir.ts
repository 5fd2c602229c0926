import type { Claim, ClaimResponse, Money, Patient, Reference } from '@medplum/fhirtypes';
import { minorDigits } from '../money.js';
import type { InvoiceLineRow } from '../billing.repository.js';
import type { ClaimLineRow, ClaimRow, PolicyRow } from './insurance.repository.js';

/** The facts a FHIR Claim or ClaimResponse is written from. */
export interface ClaimFhirFacts {
  claim: ClaimRow;
  policy: Pick<PolicyRow, 'payer' | 'memberNumber'>;
  patient: { id: string; mrn: string };
  claimLines: readonly ClaimLineRow[];
  invoiceLines: readonly InvoiceLineRow[];
}

const CHARGE_CODES = 'urn:carewell:charge-code';
const MRN = 'urn:carewell:mrn';
const ADJUDICATION = 'http://terminology.hl7.org/CodeSystem/adjudication';
const CLAIM_TYPE = { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/claim-type', code: 'professional' }] };

/** Minor units as FHIR's decimal `value` in the currency's own number of decimals (never a rounded float). */
export function moneyOf(minor: number, currency: string): Money {
  const digits = minorDigits(currency);
  return { value: Number((minor / 10 ** digits).toFixed(digits)), currency: currency as Money['currency'] };
}

const patientRef = (patient: ClaimFhirFacts['patient']): Reference<Patient> => ({
  reference: `Patient/${patient.id}`,
  identifier: { system: MRN, value: patient.mrn },
});

/** The claim as a FHIR R4 `Claim` (use `claim`): one item per claimed invoice line, its total what is claimed. */
export function toFhirClaim(facts: ClaimFhirFacts): Claim {
  const { claim, policy } = facts;
  const byId = new Map(facts.invoiceLines.map((l) => [l.id, l]));
  return {
    resourceType: 'Claim',
    id: claim.id,
    identifier: claim.payerReference
      ? [{ system: `urn:carewell:payer:${encodeURIComponent(policy.payer)}`, value: claim.payerReference }]
      : [],
    status: claim.status === 'draft' ? 'draft' : 'active',
    type: CLAIM_TYPE,
    use: 'claim',
    patient: patientRef(facts.patient),
    created: claim.createdAt.toISOString(),
    insurer: { display: policy.payer },
    provider: { display: 'Carewell' },
    priority: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/processpriority', code: 'normal' }] },
    insurance: [{ sequence: 1, focal: true, coverage: { identifier: { value: policy.memberNumber }, display: policy.payer } }],
    item: facts.claimLines.map((line) => {
      const invoiceLine = byId.get(line.invoiceLineId)!;
      return {
        sequence: line.position,
        productOrService: { coding: [{ system: CHARGE_CODES, code: invoiceLine.code }], text: invoiceLine.description },
        servicedDate: invoiceLine.serviceDate,
        quantity: { value: invoiceLine.quantity },
        net: moneyOf(line.claimedMinor, claim.currency),
      };
    }),
    total: moneyOf(claim.claimedMinor, claim.currency),
  };
}

/** The payer's decision as a FHIR R4 `ClaimResponse`; null before the claim is adjudicated. */
export function toFhirClaimResponse(facts: ClaimFhirFacts): ClaimResponse | null {
  const { claim, policy } = facts;
  if (claim.outcome === null || claim.paidMinor === null) return null;
  const amount = (code: string, minor: number) => ({
    category: { coding: [{ system: ADJUDICATION, code }] },
    amount: moneyOf(minor, claim.currency),
  });
  return {
    resourceType: 'ClaimResponse',
    id: claim.id,
    status: 'active',
    type: CLAIM_TYPE,
    use: 'claim',
    patient: patientRef(facts.patient),
    created: claim.updatedAt.toISOString(),
    insurer: { display: policy.payer },
    request: { reference: `Claim/${claim.id}` },
    outcome: claim.outcome === 'partly_paid' ? 'partial' : 'complete',
    ...(claim.reasonCode ? { disposition: claim.reasonCode } : {}),
    item: facts.claimLines.map((line) => ({
      itemSequence: line.position,
      adjudication: [amount('submitted', line.claimedMinor), amount('benefit', line.paidMinor ?? 0)],
    })),
    total: [amount('submitted', claim.claimedMinor), amount('benefit', claim.paidMinor)],
  };
}
