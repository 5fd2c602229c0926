import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, useTestApp } from '../../../test/helpers/app.js';
import { createAccount, type TestAccount } from '../../../test/helpers/actors.js';
import { addCharge } from '../../../test/helpers/billing.js';
import { PageSession } from '../../../test/helpers/browser.js';
import { auditEvents } from '../../platform/audit/audit.tables.js';
import { PATIENT_BILLING_PAGE_SECTIONS } from './services/patient-billing-page.service.js';

/** A patient's bills for billing staff, the page and the API: audited views built once (issue 11). */
const t = useTestApp();
let billing: TestAccount;

beforeAll(async () => {
  billing = await createAccount(t, { role: 'billing' });
  for (const price of [
    { code: 'DRESS', name: 'Wound dressing', unitPriceMinor: 1250, effectiveFrom: '2020-01-01' },
    { code: 'CERT', name: 'Medical certificate', unitPriceMinor: 300, effectiveFrom: '2020-01-01' },
  ]) {
    expect((await api(t, 'POST', '/api/v1/billing/charge-items', { token: billing.token, body: price })).statusCode).toBe(201);
  }
});

describe('a patient’s bills', () => {
  it('reads two patients’ bills in turn, each page and API answer with only its own charges and invoices, and an audit row naming it', async () => {
    // Both views are built once (issue 11): a second patient must not see the first's rows.
    const first = await createAccount(t, { role: 'patient' });
    const second = await createAccount(t, { role: 'patient' });
    const firstCharge = await addCharge(t, billing.token, first.patientId!, 'DRESS');
    const invoiced = await addCharge(t, billing.token, first.patientId!, 'CERT');
    const draft = await api(t, 'POST', `/api/v1/patients/${first.patientId}/invoices`, {
      token: billing.token,
      body: { chargeIds: [invoiced.id] },
    });
    expect(draft.statusCode, draft.body).toBe(201);
    const firstInvoice = draft.json<{ id: string }>().id;
    const secondCharge = await addCharge(t, billing.token, second.patientId!, 'DRESS', 3);
    const readsOf = (patientId: string) =>
      t.db
        .select({ detail: auditEvents.detail, at: auditEvents.occurredAt })
        .from(auditEvents)
        .where(
          and(
            eq(auditEvents.patientId, patientId),
            eq(auditEvents.action, 'billing.patient.read'),
            eq(auditEvents.actorUserId, billing.userId),
          ),
        );

    const page = new PageSession(t, billing.cookie);
    for (const [own, other] of [
      [
        { patient: first, charge: firstCharge.id, invoice: firstInvoice as string | null },
        { charge: secondCharge.id, invoice: null as string | null },
      ],
      [
        { patient: second, charge: secondCharge.id, invoice: null },
        { charge: firstCharge.id, invoice: firstInvoice },
      ],
    ] as const) {
      const before = await readsOf(own.patient.patientId!);
      const html = (await page.get(`/staff/billing/patients/${own.patient.patientId}`)).body;
      expect(html).toContain(`value="${own.charge}"`);
      expect(html).not.toContain(`value="${other.charge}"`);
      if (own.invoice) expect(html).toContain(`/staff/billing/invoices/${own.invoice}`);
      if (other.invoice) expect(html).not.toContain(`/staff/billing/invoices/${other.invoice}`);
      const json = (await api(t, 'GET', `/api/v1/patients/${own.patient.patientId}/billing`, { token: billing.token })).json<{
        patient: { id: string };
        unbilled: { id: string }[];
        invoices: { id: string; patient: { id: string } }[];
      }>();
      expect(json.patient.id).toBe(own.patient.patientId);
      expect(json.unbilled.map((c) => c.id)).toEqual([own.charge]);
      expect(json.invoices.map((i) => i.id)).toEqual(own.invoice ? [own.invoice] : []);
      expect(json.invoices.every((i) => i.patient.id === own.patient.patientId)).toBe(true);
      const after = await readsOf(own.patient.patientId!);
      expect(after.length).toBe(before.length + 2);
      expect(after.every((row) => row.at.getTime() === t.clock.now().getTime())).toBe(true);
      // The page's row names its sections; the API's reads no more than charges and invoices.
      expect(after.map((row) => row.detail)).toEqual(
        expect.arrayContaining([{ tier: 'registration', sections: [...PATIENT_BILLING_PAGE_SECTIONS] }, { tier: 'registration' }]),
      );
    }
  });

  it('reads two patients’ invoices in turn, each with only its own lines and one audit row naming it and its patient', async () => {
    // An invoice's lines, payments and audit row are one statement built once (issue 11).
    const invoices: { patientId: string; id: string; code: string }[] = [];
    for (const code of ['DRESS', 'CERT']) {
      const patient = await createAccount(t, { role: 'patient' });
      const charge = await addCharge(t, billing.token, patient.patientId!, code);
      const draft = await api(t, 'POST', `/api/v1/patients/${patient.patientId}/invoices`, {
        token: billing.token,
        body: { chargeIds: [charge.id] },
      });
      expect(draft.statusCode, draft.body).toBe(201);
      invoices.push({ patientId: patient.patientId!, id: draft.json<{ id: string }>().id, code });
    }
    for (let round = 0; round < 2; round++) {
      for (const invoice of invoices) {
        t.clock.advance(1_000);
        const res = await api(t, 'GET', `/api/v1/invoices/${invoice.id}`, { token: billing.token });
        expect(res.statusCode).toBe(200);
        const json = res.json<{ id: string; patient: { id: string }; lines: { code: string }[]; payments: unknown[] }>();
        expect(json.id).toBe(invoice.id);
        expect(json.patient.id).toBe(invoice.patientId);
        expect(json.lines.map((l) => l.code)).toEqual([invoice.code]);
        expect(json.payments).toEqual([]);
        const rows = await t.db
          .select()
          .from(auditEvents)
          .where(and(eq(auditEvents.action, 'billing.invoice.read'), eq(auditEvents.occurredAt, t.clock.now())));
        expect(rows.map((r) => [r.patientId, r.resourceType, r.resourceId, r.outcome])).toEqual([
          [invoice.patientId, 'billing_invoice', invoice.id, 'success'],
        ]);
      }
    }
  });
});
