import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, useTestApp } from '../../../../test/helpers/app.js';
import { createAccount, type TestAccount } from '../../../../test/helpers/actors.js';
import { PageSession } from '../../../../test/helpers/browser.js';
import { makePng, multipartBody } from '../../../../test/helpers/uploads.js';
import { auditEvents } from '../../../platform/audit/audit.tables.js';
import { validateFhirResource } from '../../../platform/fhir/fhir-validation.js';
import { notifications } from '../../notifications/index.js';
import { insurancePolicies } from '../../patients/index.js';
import { invoiceLines, invoices } from '../billing.tables.js';
import { pollClaimFromJob } from './services/claim-payer.service.js';

/** Insurance (docs/billing.md "Insurance"): eligibility, card images, claims, FHIR export, access. */
const t = useTestApp();
let billing: TestAccount;
let patient: TestAccount;
let otherPatient: TestAccount;
let doctor: TestAccount;

const today = () => t.clock.now().toISOString().slice(0, 10);

async function addPolicy(memberNumber: string, patientId = patient.patientId!) {
  const [row] = await t.db
    .insert(insurancePolicies)
    .values({ patientId, payer: 'Test Mutual', memberNumber, createdAt: t.clock.now(), updatedAt: t.clock.now() })
    .returning();
  return row!.id;
}

/** An issued invoice of one consultation (100.00) and one taxed certificate, the insurer paying 80 %. */
async function issuedInvoice(patientId = patient.patientId!) {
  const chargeIds: string[] = [];
  for (const code of ['CONS', 'CERT']) {
    const res = await api(t, 'POST', `/api/v1/patients/${patientId}/charges`, {
      token: billing.token,
      body: { code, quantity: 1, serviceDate: today() },
    });
    expect(res.statusCode, res.body).toBe(201);
    chargeIds.push(res.json<{ id: string }>().id);
  }
  const draft = await api(t, 'POST', `/api/v1/patients/${patientId}/invoices`, {
    token: billing.token,
    body: { chargeIds, insurerCoverageBp: 8000 },
  });
  expect(draft.statusCode, draft.body).toBe(201);
  const id = draft.json<{ id: string }>().id;
  expect((await api(t, 'POST', `/api/v1/invoices/${id}/issue`, { token: billing.token })).statusCode).toBe(200);
  return id;
}

type Claim = {
  id: string;
  status: string;
  outcome: string | null;
  paidMinor: number | null;
  claimedMinor: number;
  reasonCode: string | null;
  timeline: { status: string; byStaff: boolean }[];
};

async function claimStep(id: string, step: string, body?: object) {
  return api(t, 'POST', `/api/v1/claims/${id}/${step}`, { token: billing.token, ...(body ? { body } : {}) });
}

async function submittedClaim(memberNumber: string) {
  const policyId = await addPolicy(memberNumber);
  const invoiceId = await issuedInvoice();
  const created = await api(t, 'POST', '/api/v1/claims', { token: billing.token, body: { invoiceId, policyId } });
  expect(created.statusCode, created.body).toBe(201);
  const claim = created.json<Claim>();
  expect((await claimStep(claim.id, 'submit')).statusCode).toBe(200);
  return { claim, invoiceId };
}

async function invoiceTotals(invoiceId: string) {
  const [row] = await t.db.select().from(invoices).where(eq(invoices.id, invoiceId));
  const lines = await t.db.select().from(invoiceLines).where(eq(invoiceLines.invoiceId, invoiceId));
  return { row: row!, lines };
}

beforeAll(async () => {
  billing = await createAccount(t, { role: 'billing' });
  patient = await createAccount(t, { role: 'patient' });
  otherPatient = await createAccount(t, { role: 'patient' });
  doctor = await createAccount(t, { role: 'doctor' });
  for (const body of [
    { code: 'CONS', name: 'Consultation', unitPriceMinor: 10000, effectiveFrom: '2020-01-01' },
    { code: 'CERT', name: 'Certificate', unitPriceMinor: 1001, taxRateBp: 2000, effectiveFrom: '2020-01-01' },
  ]) {
    expect((await api(t, 'POST', '/api/v1/billing/charge-items', { token: billing.token, body })).statusCode).toBe(201);
  }
});

describe('eligibility through the test payer', () => {
  it('answers per member id and keeps when, by whom and the result', async () => {
    const cases: [string, string, number | null][] = [
      ['M-1001', 'eligible', 8000],
      ['M-1007', 'eligible', 5000],
      ['M-1000', 'not_eligible', null],
      ['M-100X', 'unknown', null],
    ];
    for (const [member, result, coverage] of cases) {
      const policyId = await addPolicy(member);
      const res = await api(t, 'POST', '/api/v1/eligibility-checks', {
        token: billing.token,
        body: { patientId: patient.patientId, policyId },
      });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json()).toMatchObject({ result, coverageBp: coverage, checkedBy: billing.userId, checkedAt: t.clock.now().toISOString() });
    }
    const list = await api(t, 'GET', `/api/v1/eligibility-checks?patientId=${patient.patientId}`, { token: billing.token });
    expect(list.json<{ items: unknown[] }>().items).toHaveLength(4);
    const foreign = await addPolicy('M-2001', otherPatient.patientId!);
    const wrong = await api(t, 'POST', '/api/v1/eligibility-checks', {
      token: billing.token,
      body: { patientId: patient.patientId, policyId: foreign },
    });
    expect(wrong.statusCode).toBe(404);
    const page = await new PageSession(t, billing.cookie).get(`/staff/billing/patients/${patient.patientId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Not covered');
  });
});

describe('claims', () => {
  it('move draft → submitted → acknowledged → adjudicated (paid) → closed, refusing skips and moves back', async () => {
    const policyId = await addPolicy('M-3001');
    const invoiceId = await issuedInvoice();
    const created = (await api(t, 'POST', '/api/v1/claims', { token: billing.token, body: { invoiceId, policyId } })).json<Claim>();
    expect(created).toMatchObject({ status: 'draft', claimedMinor: 8000 + 961 });
    expect((await api(t, 'POST', '/api/v1/claims', { token: billing.token, body: { invoiceId, policyId } })).statusCode).toBe(409);
    expect((await claimStep(created.id, 'close')).statusCode).toBe(409);
    expect((await claimStep(created.id, 'poll')).statusCode).toBe(409);
    expect((await claimStep(created.id, 'appeal', { reason: 'why' })).statusCode).toBe(409);
    expect((await claimStep(created.id, 'submit')).json<Claim>().status).toBe('submitted');
    expect((await claimStep(created.id, 'submit')).statusCode).toBe(409);
    expect((await claimStep(created.id, 'close')).statusCode).toBe(409);
    expect((await claimStep(created.id, 'poll')).json<Claim>().status).toBe('acknowledged');
    const decided = (await claimStep(created.id, 'poll')).json<Claim>();
    expect(decided).toMatchObject({ status: 'adjudicated', outcome: 'paid', paidMinor: 8961 });
    expect((await claimStep(created.id, 'appeal', { reason: 'more' })).statusCode).toBe(409);
    const closed = (await claimStep(created.id, 'close')).json<Claim>();
    expect(closed.timeline.map((e) => e.status)).toEqual(['draft', 'submitted', 'acknowledged', 'adjudicated', 'closed']);
    expect((await claimStep(created.id, 'submit')).statusCode).toBe(409);
    const audited = await t.db.select({ action: auditEvents.action }).from(auditEvents).where(eq(auditEvents.resourceId, created.id));
    expect(new Set(audited.map((a) => a.action))).toEqual(
      new Set([
        'insurance.claim.create',
        'insurance.claim.submit',
        'insurance.claim.acknowledge',
        'insurance.claim.adjudicate',
        'insurance.claim.read',
        'insurance.claim.close',
      ]),
    );
  });

  it('a partial payment moves what the insurer did not pay to the patient, and the totals still match the lines', async () => {
    const { claim, invoiceId } = await submittedClaim('M-4007');
    await claimStep(claim.id, 'poll');
    const decided = (await claimStep(claim.id, 'poll')).json<Claim>();
    // Half of each line's claim, rounded down: 4000 + 480.
    expect(decided).toMatchObject({ outcome: 'partly_paid', paidMinor: 4480, reasonCode: 'exceeds_allowance' });
    const { row, lines } = await invoiceTotals(invoiceId);
    expect(row.insurerShareMinor).toBe(4480);
    expect(row.patientShareMinor).toBe(row.totalMinor - 4480);
    expect(lines.reduce((s, l) => s + l.insurerShareMinor, 0)).toBe(row.insurerShareMinor);
    expect(lines.reduce((s, l) => s + l.patientShareMinor, 0)).toBe(row.patientShareMinor);
    for (const l of lines) expect(l.insurerShareMinor + l.patientShareMinor).toBe(l.totalMinor);
    // The appeal: the test payer pays the rest; the shares follow again.
    const appealed = await claimStep(claim.id, 'appeal', { reason: 'The plan covers this consultation in full.' });
    expect(appealed.json<Claim>().status).toBe('appealed');
    const again = (await claimStep(claim.id, 'poll')).json<Claim>();
    expect(again).toMatchObject({ status: 'adjudicated', outcome: 'paid', paidMinor: 8961 });
    expect((await invoiceTotals(invoiceId)).row.insurerShareMinor).toBe(8961);
  });

  it('a denial carries its reason, the patient owes the whole invoice, and the patient is told (no amounts outside)', async () => {
    const { claim, invoiceId } = await submittedClaim('M-5009');
    // The payer job moves it, with no person: its timeline rows say "by the payer".
    await pollClaimFromJob(t.db, claim.id, t.clock.now());
    await pollClaimFromJob(t.db, claim.id, t.clock.now());
    const denied = (await api(t, 'GET', `/api/v1/claims/${claim.id}`, { token: billing.token })).json<Claim>();
    expect(denied).toMatchObject({ status: 'adjudicated', outcome: 'denied', paidMinor: 0, reasonCode: 'not_covered' });
    expect(denied.timeline.slice(-2).map((e) => e.byStaff)).toEqual([false, false]);
    const { row } = await invoiceTotals(invoiceId);
    expect(row).toMatchObject({ insurerShareMinor: 0, patientShareMinor: row.totalMinor });
    const queues = (await api(t, 'GET', '/api/v1/claims/queues', { token: billing.token })).json<{ denials: { id: string }[] }>();
    expect(queues.denials.map((d) => d.id)).toContain(claim.id);
    const notes = await t.db.select().from(notifications).where(eq(notifications.userId, patient.userId));
    const mine = notes.filter((n) => n.link === `/portal/claims/${claim.id}`);
    expect(mine.length).toBeGreaterThanOrEqual(3);
    for (const n of mine) expect(`${n.title} ${n.body}`).not.toMatch(/\d{2,}/);
  });

  it('exports a FHIR R4 Claim and ClaimResponse that validate', async () => {
    const { claim } = await submittedClaim('M-6007');
    const fhirClaim = await api(t, 'GET', `/fhir/r4/Claim/${claim.id}`, { token: billing.token });
    expect(fhirClaim.statusCode, fhirClaim.body).toBe(200);
    expect(fhirClaim.headers['content-type']).toContain('application/fhir+json');
    expect(await validateFhirResource(fhirClaim.json())).toEqual([]);
    expect((await api(t, 'GET', `/fhir/r4/ClaimResponse/${claim.id}`, { token: billing.token })).statusCode).toBe(404);
    await claimStep(claim.id, 'poll');
    await claimStep(claim.id, 'poll');
    const response = await api(t, 'GET', `/fhir/r4/ClaimResponse/${claim.id}`, { token: billing.token });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({
      resourceType: 'ClaimResponse',
      outcome: 'partial',
      request: { reference: `Claim/${claim.id}` },
    });
    expect(await validateFhirResource(response.json())).toEqual([]);
  });

  it('patients follow their own claims (never a draft), others get 404, other roles 403', async () => {
    const { claim, invoiceId } = await submittedClaim('M-7001');
    const mine = await api(t, 'GET', `/api/v1/me/claims/${claim.id}`, { token: patient.token });
    expect(mine.statusCode).toBe(200);
    expect((await api(t, 'GET', `/api/v1/me/claims/${claim.id}`, { token: otherPatient.token })).statusCode).toBe(404);
    expect((await api(t, 'GET', `/api/v1/claims/${claim.id}`, { token: doctor.token })).statusCode).toBe(403);
    expect((await api(t, 'GET', `/api/v1/claims/${claim.id}`, { token: patient.token })).statusCode).toBe(403);
    expect((await api(t, 'POST', `/api/v1/claims/${claim.id}/close`, { token: patient.token })).statusCode).toBe(403);
    const list = (await api(t, 'GET', '/api/v1/me/claims', { token: patient.token })).json<{ items: { id: string }[] }>();
    expect(list.items.map((c) => c.id)).toContain(claim.id);
    for (const path of ['/portal/claims', `/portal/claims/${claim.id}`, `/portal/bills/${invoiceId}`]) {
      const page = await new PageSession(t, patient.cookie).get(path);
      expect(page.statusCode, path).toBe(200);
    }
    expect((await new PageSession(t, patient.cookie).get(`/portal/bills/${invoiceId}`)).body).toContain(`/portal/claims/${claim.id}`);
    const staffPage = await new PageSession(t, billing.cookie).get(`/staff/billing/claims/${claim.id}`);
    expect(staffPage.statusCode).toBe(200);
    expect((await new PageSession(t, billing.cookie).get('/staff/billing/claims')).statusCode).toBe(200);
  });
});

describe('insurance card images', () => {
  it('are uploaded by the patient, typed by bytes, audited on download; another patient gets 404', async () => {
    const png = makePng({ text: 'card front' });
    const upload = (who: TestAccount, data: Buffer) => {
      const { payload, contentType } = multipartBody([{ name: 'image', filename: 'card.png', contentType: 'image/png', data }]);
      return t.app.inject({
        method: 'POST',
        url: '/api/v1/me/insurance-cards?side=front',
        headers: { authorization: `Bearer ${who.token}`, 'content-type': contentType },
        payload,
      });
    };
    const up = await upload(patient, png);
    expect(up.statusCode, up.body).toBe(201);
    const id = up.json<{ id: string }>().id;
    expect((await upload(patient, Buffer.from('<html>not an image</html>'))).statusCode).toBe(415);
    const own = await api(t, 'GET', `/api/v1/me/insurance-cards/${id}`, { token: patient.token });
    expect(own.statusCode).toBe(200);
    expect(own.headers['content-type']).toBe('image/png');
    expect(own.rawPayload.equals(png)).toBe(true);
    expect((await api(t, 'GET', `/api/v1/me/insurance-cards/${id}`, { token: otherPatient.token })).statusCode).toBe(404);
    expect((await api(t, 'GET', `/api/v1/insurance-cards/${id}`, { token: billing.token })).statusCode).toBe(200);
    expect((await api(t, 'GET', `/api/v1/insurance-cards/${id}`, { token: doctor.token })).statusCode).toBe(403);
    const reads = await t.db.select().from(auditEvents).where(eq(auditEvents.resourceId, id));
    expect(reads.filter((r) => r.action === 'insurance.card.read' && r.outcome === 'success')).toHaveLength(2);
    expect((await new PageSession(t, patient.cookie).get('/portal/insurance')).statusCode).toBe(200);
  });
});

describe('a claim’s view, built once', () => {
  it('reads two patients’ claims in turn, each with its own invoice, policy, lines and timeline, and one audit row naming it', async () => {
    // A claim's invoice number, policy, lines, timeline and audit row are one statement built once (issue 11).
    const made: { claimId: string; patientId: string; invoiceNumber: string; member: string }[] = [];
    for (const [who, member] of [
      [patient, 'M-2001'],
      [otherPatient, 'M-2002'],
    ] as const) {
      const policyId = await addPolicy(member, who.patientId!);
      const invoiceId = await issuedInvoice(who.patientId!);
      const created = await api(t, 'POST', '/api/v1/claims', { token: billing.token, body: { invoiceId, policyId } });
      expect(created.statusCode, created.body).toBe(201);
      const claimId = created.json<Claim>().id;
      expect((await claimStep(claimId, 'submit')).statusCode).toBe(200);
      made.push({ claimId, patientId: who.patientId!, invoiceNumber: (await invoiceTotals(invoiceId)).row.number!, member });
    }
    for (let round = 0; round < 2; round++) {
      for (const claim of made) {
        t.clock.advance(1_000);
        const res = await api(t, 'GET', `/api/v1/claims/${claim.claimId}`, { token: billing.token });
        expect(res.statusCode, res.body).toBe(200);
        const json = res.json<Claim & { invoiceNumber: string; memberNumber: string; patient: { id: string }; lines: unknown[] }>();
        expect(json).toMatchObject({
          id: claim.claimId,
          invoiceNumber: claim.invoiceNumber,
          memberNumber: claim.member,
          status: 'submitted',
        });
        expect(json.patient.id).toBe(claim.patientId);
        expect(json.lines).toHaveLength(2);
        expect(json.timeline.map((e) => e.status)).toEqual(['draft', 'submitted']);
        const rows = await t.db
          .select()
          .from(auditEvents)
          .where(and(eq(auditEvents.action, 'insurance.claim.read'), eq(auditEvents.occurredAt, t.clock.now())));
        expect(rows.map((r) => [r.patientId, r.resourceId, r.outcome])).toEqual([[claim.patientId, claim.claimId, 'success']]);
      }
    }
  });
});
