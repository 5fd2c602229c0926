import { and, eq, inArray } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, useTestApp } from '../../../../test/helpers/app.js';
import { createAccount, type TestAccount } from '../../../../test/helpers/actors.js';
import { putOnCareTeam } from '../../../../test/helpers/patients.js';
import { pdfText } from '../../../../test/helpers/pdf.js';
import { users } from '../../../platform/auth/auth.tables.js';
import { auditEvents } from '../../../platform/audit/audit.tables.js';
import { addDays, localDateOf } from '../../../platform/time/zoned-time.js';
import { outbox } from '../../../platform/outbox/outbox.tables.js';
import { notifications } from '../../notifications/index.js';
import { patients } from '../../patients/index.js';
import { medicationProducts } from '../medications.tables.js';
import { seedFormularyProducts } from '../medications.seed.js';
import { prescriptions } from '../prescriptions.tables.js';
import { prescriptionRenewalRequests, prescriptionVerificationCodes } from './patient-medicines.tables.js';
import { verifyPrescriptionCode } from './services/prescription-verification.service.js';

const CODE = /\b[0-9A-HJKMNP-TV-Z]{5}(?:-[0-9A-HJKMNP-TV-Z]{5}){3}\b/;

describe("the patient's medicines: my medicines, the PDF and its verification, renewals (API)", () => {
  const logs: string[] = [];
  const t = useTestApp({ logDestination: { write: (line: string) => logs.push(line) } });
  let doctor: TestAccount;
  let otherDoctor: TestAccount;
  let patient: TestAccount;
  let otherPatient: TestAccount;
  const product: Record<string, string> = {};

  beforeAll(async () => {
    doctor = await createAccount(t, { role: 'doctor', givenName: 'Amira', familyName: 'Haddad' });
    otherDoctor = await createAccount(t, { role: 'doctor' });
    patient = await createAccount(t, { role: 'patient', givenName: 'Layla', familyName: 'Nasser' });
    otherPatient = await createAccount(t, { role: 'patient' });
    for (const p of [patient, otherPatient]) {
      await putOnCareTeam(t, p.patientId!, doctor.staffId!);
      await t.db.update(patients).set({ allergyStatus: 'no_known_allergies' }).where(eq(patients.id, p.patientId!));
    }
    await seedFormularyProducts(t.db, t.clock.now(), doctor.userId, [
      { name: 'Amoxicillin 500 mg capsule', doseForm: 'capsule', route: 'oral', ingredients: [['723', 500, 'mg']] },
      { name: 'Ibuprofen 400 mg tablet', doseForm: 'tablet', route: 'oral', ingredients: [['5640', 400, 'mg']] },
      { name: 'Ondansetron 4 mg tablet', doseForm: 'tablet', route: 'oral', ingredients: [['26225', 4, 'mg']] },
      { name: 'Metformin 500 mg tablet', doseForm: 'tablet', route: 'oral', ingredients: [['6809', 500, 'mg']] },
    ]);
    for (const row of await t.db.select().from(medicationProducts)) product[row.name.split(' ')[0]!.toLowerCase()] = row.id;
  });

  async function draft(patientId: string, name: string, over: Record<string, unknown> = {}) {
    const res = await api(t, 'POST', '/api/v1/prescriptions', {
      token: doctor.token,
      body: {
        patientId,
        productId: product[name],
        dose: { value: 1, unit: '{tablet}' },
        frequency: { kind: 'times_a_day', times: 2 },
        startsAt: t.clock.now().toISOString(),
        durationDays: 10,
        instructions: 'Take with food.',
        ...over,
      },
    });
    expect(res.statusCode).toBe(201);
    return res.json().id as string;
  }
  async function signed(patientId: string, name: string) {
    const id = await draft(patientId, name);
    const res = await api(t, 'POST', `/api/v1/prescriptions/${id}/sign`, { token: doctor.token, body: { overrides: [] } });
    expect(res.statusCode).toBe(200);
    return id;
  }
  const auditCount = async (action: string, patientId: string) =>
    (
      await t.db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.action, action), eq(auditEvents.patientId, patientId)))
    ).length;
  const pdfOf = async (id: string, token = patient.token) => api(t, 'POST', `/api/v1/me/medicines/${id}/prescription-pdf`, { token });
  const verify = (code: string) => api(t, 'POST', '/api/v1/prescription-verifications', { body: { code } });

  let activeId: string;
  let stoppedId: string;
  let othersId: string;
  let completedId: string;

  it("lists only the patient's own signed, completed and stopped medicines (never drafts or entries in error), audited once", async () => {
    activeId = await signed(patient.patientId!, 'amoxicillin');
    stoppedId = await signed(patient.patientId!, 'ibuprofen');
    expect(
      (await api(t, 'POST', `/api/v1/prescriptions/${stoppedId}/stop`, { token: doctor.token, body: { reason: 'Pain gone' } })).statusCode,
    ).toBe(200);
    completedId = await signed(patient.patientId!, 'metformin');
    await t.db.update(prescriptions).set({ status: 'completed' }).where(eq(prescriptions.id, completedId));
    const draftId = await draft(patient.patientId!, 'ondansetron');
    const errorId = await signed(patient.patientId!, 'ondansetron');
    await api(t, 'POST', `/api/v1/prescriptions/${errorId}/entered-in-error`, { token: doctor.token });
    othersId = await signed(otherPatient.patientId!, 'amoxicillin');

    const res = await api(t, 'GET', '/api/v1/me/medicines', { token: patient.token });
    expect(res.statusCode).toBe(200);
    const items = res.json().items as {
      id: string;
      status: string;
      active: boolean;
      prescriber: { name: string };
      frequency: unknown;
      instructions: string;
    }[];
    expect(items.map((i) => i.id).sort()).toEqual([activeId, stoppedId, completedId].sort());
    expect(items[0]).toMatchObject({
      id: activeId,
      status: 'signed',
      active: true,
      prescriber: { name: 'Amira Haddad' },
      instructions: 'Take with food.',
    });
    expect(items.map((i) => i.id)).not.toContain(draftId);
    expect(items.map((i) => i.id)).not.toContain(othersId);
    expect(await auditCount('prescription.patient_list', patient.patientId!)).toBe(1);
    const [row] = await t.db.select().from(auditEvents).where(eq(auditEvents.action, 'prescription.patient_list'));
    expect(row!.detail).toMatchObject({ tier: 'self', sections: ['prescriptions', 'renewal_requests'] });

    // The list's statement is built once: the other patient's list, then this one's again, each their own.
    const others = await api(t, 'GET', '/api/v1/me/medicines', { token: otherPatient.token });
    expect(others.json().items.map((i: { id: string }) => i.id)).toEqual([othersId]);
    expect(await auditCount('prescription.patient_list', otherPatient.patientId!)).toBe(1);
    const again = await api(t, 'GET', '/api/v1/me/medicines', { token: patient.token });
    expect(
      again
        .json()
        .items.map((i: { id: string }) => i.id)
        .sort(),
    ).toEqual([activeId, stoppedId, completedId].sort());
    // Staff have no "my medicines"; the route is the patient's.
    expect((await api(t, 'GET', '/api/v1/me/medicines', { token: doctor.token })).statusCode).toBe(403);
  });

  it("a medicine's detail: 200 for its patient; 404 (and a denied audit row) for another patient, a draft or an unknown id", async () => {
    const mine = await api(t, 'GET', `/api/v1/me/medicines/${activeId}`, { token: patient.token });
    expect(mine.statusCode).toBe(200);
    expect(mine.json()).toMatchObject({
      id: activeId,
      product: { name: 'Amoxicillin 500 mg capsule' },
      canRequestRenewal: true,
      renewal: null,
    });
    expect(await auditCount('prescription.patient_read', patient.patientId!)).toBe(1);

    const theirs = await api(t, 'GET', `/api/v1/me/medicines/${activeId}`, { token: otherPatient.token });
    expect(theirs.statusCode).toBe(404);
    const denied = await t.db
      .select()
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.action, 'prescription.patient_read'),
          eq(auditEvents.outcome, 'denied'),
          eq(auditEvents.actorUserId, otherPatient.userId),
        ),
      );
    expect(denied).toHaveLength(1);
    expect((await api(t, 'GET', '/api/v1/me/medicines/00000000-0000-4000-8000-000000000000', { token: patient.token })).statusCode).toBe(
      404,
    );
    expect((await api(t, 'GET', '/api/v1/me/medicines/not-a-uuid', { token: patient.token })).statusCode).toBe(400);
    // One medicine's statement is built once too: each read is the medicine asked for.
    for (const [who, id] of [
      [patient, activeId],
      [otherPatient, othersId],
      [patient, stoppedId],
    ] as const) {
      const one = await api(t, 'GET', `/api/v1/me/medicines/${id}`, { token: who.token });
      expect(one.statusCode).toBe(200);
      expect(one.json().id).toBe(id);
    }
  });

  let code: string;

  it('the PDF of an active prescription carries a new ≥80-bit code, of which only a hash is stored', async () => {
    const res = await pdfOf(activeId);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['cache-control']).toContain('no-store');
    const text = (await pdfText(res.rawPayload)).text;
    expect(text).toContain('Amoxicillin 500 mg capsule');
    expect(text).toContain('Layla Nasser');
    expect(text).toContain('Amira Haddad');
    expect(text).toContain('Take with food.');
    code = CODE.exec(text)![0];
    const rows = await t.db.select().from(prescriptionVerificationCodes).where(eq(prescriptionVerificationCodes.prescriptionId, activeId));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.codeHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(rows)).not.toContain(code.replace(/-/g, ''));
    expect(await auditCount('prescription.pdf_export', patient.patientId!)).toBe(1);

    // Each download issues another code; the first still verifies.
    const again = CODE.exec((await pdfText((await pdfOf(activeId)).rawPayload)).text)![0];
    expect(again).not.toBe(code);

    // Not for a stopped prescription (409), nor for someone else's (404); nothing is stored.
    expect((await pdfOf(stoppedId)).statusCode).toBe(409);
    expect((await pdfOf(activeId, otherPatient.token)).statusCode).toBe(404);
    expect(await t.db.select().from(prescriptionVerificationCodes)).toHaveLength(2);
  });

  it('prints in Arabic for an Arabic reader', async () => {
    await t.db.update(users).set({ locale: 'ar' }).where(eq(users.id, patient.userId));
    const text = (await pdfText((await pdfOf(activeId)).rawPayload)).text;
    await t.db.update(users).set({ locale: 'en' }).where(eq(users.id, patient.userId));
    expect(text).toContain('وصفة طبية');
    expect(text).toContain('رمز التحقق');
    expect(CODE.test(text)).toBe(true);
  });

  it('a pharmacy verifies a code: only validity, status, product, date and prescriber; audited on success only', async () => {
    const res = await verify(code.toLowerCase().replace(/-/g, ' '));
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(Object.keys(body).sort()).toEqual(['prescriber', 'product', 'signedAt', 'status', 'valid']);
    expect(body).toMatchObject({ valid: true, status: 'active', product: 'Amoxicillin 500 mg capsule', prescriber: 'Amira Haddad' });
    expect(res.body).not.toContain('Layla');
    expect(res.body).not.toContain(patient.patientId!);
    const audits = await t.db.select().from(auditEvents).where(eq(auditEvents.action, 'prescription.code_check'));
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ patientId: patient.patientId, resourceId: activeId, actorUserId: null, outcome: 'success' });
    expect(JSON.stringify(audits[0]!.detail)).not.toContain(code.slice(0, 5));

    const wrong = await verify('ZZZZZ-ZZZZZ-ZZZZZ-ZZZZZ');
    expect(wrong.json()).toEqual({ valid: false });
    expect((await verify('short')).json()).toEqual({ valid: false });
    expect((await verify('')).statusCode).toBe(400);
    expect(await t.db.select().from(auditEvents).where(eq(auditEvents.action, 'prescription.code_check'))).toHaveLength(1);

    // The code never reaches the logs (bodies are not logged; it is never in a URL).
    const compact = code.replace(/-/g, '');
    expect(logs.join('\n')).not.toContain(code);
    expect(logs.join('\n')).not.toContain(compact);
    expect(logs.join('\n').toLowerCase()).not.toContain(code.toLowerCase().replace(/-/g, ' '));
  });

  it('once the hospital pharmacy has dispensed it, the code answers "dispensed" (not to be dispensed again)', async () => {
    const id = await draft(patient.patientId!, 'metformin', { quantity: { value: 20, unit: '{tablet}' } });
    expect((await api(t, 'POST', `/api/v1/prescriptions/${id}/sign`, { token: doctor.token, body: { overrides: [] } })).statusCode).toBe(
      200,
    );
    const issued = CODE.exec((await pdfText((await pdfOf(id)).rawPayload)).text)![0];
    const check = () =>
      verifyPrescriptionCode(t.db, { code: issued, origin: { ip: '127.0.0.1', userAgent: null, requestId: 'test' }, now: t.clock.now() });
    expect(await check()).toMatchObject({ valid: true, status: 'active' });

    const pharmacist = await createAccount(t, { role: 'pharmacist' });
    const verified = await api(t, 'POST', `/api/v1/prescriptions/${id}/verification`, {
      token: pharmacist.token,
      body: { decision: 'verified' },
    });
    expect(verified.statusCode).toBe(201);
    expect(await check()).toMatchObject({ valid: true, status: 'active' });
    const dispensed = await api(t, 'POST', `/api/v1/prescriptions/${id}/dispenses`, {
      token: pharmacist.token,
      headers: { 'idempotency-key': crypto.randomUUID() },
      body: { quantity: { value: 10, unit: '{tablet}' }, lotNumber: 'LOT-V1', expiresOn: addDays(localDateOf(t.clock.now(), 'UTC'), 200) },
    });
    expect(dispensed.statusCode).toBe(201);
    expect(await check()).toMatchObject({ valid: true, status: 'dispensed', product: 'Metformin 500 mg tablet' });
  });

  it('renewal: the patient asks (201, one pending per prescription: 409), the prescriber sees it in the queue', async () => {
    const first = await api(t, 'POST', `/api/v1/me/medicines/${activeId}/renewal-requests`, {
      token: patient.token,
      body: { note: 'Running out' },
    });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ prescriptionId: activeId, status: 'pending', note: 'Running out' });
    const second = await api(t, 'POST', `/api/v1/me/medicines/${activeId}/renewal-requests`, { token: patient.token, body: {} });
    expect(second.statusCode).toBe(409);
    expect(
      await t.db.select().from(prescriptionRenewalRequests).where(eq(prescriptionRenewalRequests.prescriptionId, activeId)),
    ).toHaveLength(1);
    // A stopped medicine cannot be renewed; someone else's is not found.
    expect(
      (await api(t, 'POST', `/api/v1/me/medicines/${stoppedId}/renewal-requests`, { token: patient.token, body: {} })).statusCode,
    ).toBe(409);
    expect(
      (await api(t, 'POST', `/api/v1/me/medicines/${activeId}/renewal-requests`, { token: otherPatient.token, body: {} })).statusCode,
    ).toBe(404);
    // Unknown fields are refused.
    expect(
      (await api(t, 'POST', `/api/v1/me/medicines/${completedId}/renewal-requests`, { token: patient.token, body: { drug: 'x' } }))
        .statusCode,
    ).toBe(400);

    const queue = await api(t, 'GET', '/api/v1/renewal-requests', { token: doctor.token });
    expect(queue.statusCode).toBe(200);
    expect(queue.json().items).toEqual([
      expect.objectContaining({
        prescriptionId: activeId,
        product: 'Amoxicillin 500 mg capsule',
        note: 'Running out',
        patient: expect.objectContaining({ name: 'Layla Nasser' }),
      }),
    ]);
    expect(await auditCount('prescription_renewal.queue_view', patient.patientId!)).toBe(1);
    expect((await api(t, 'GET', '/api/v1/renewal-requests', { token: otherDoctor.token })).json().items).toEqual([]);
    expect((await api(t, 'GET', '/api/v1/renewal-requests', { token: patient.token })).statusCode).toBe(403);
  });

  it('approve: a new draft copying the old one (replacing it), the request approved, the patient notified without the drug outside the app', async () => {
    const [request] = await t.db.select().from(prescriptionRenewalRequests).where(eq(prescriptionRenewalRequests.prescriptionId, activeId));
    // Only the prescriber decides.
    expect((await api(t, 'POST', `/api/v1/renewal-requests/${request!.id}/approve`, { token: otherDoctor.token })).statusCode).toBe(404);
    const res = await api(t, 'POST', `/api/v1/renewal-requests/${request!.id}/approve`, { token: doctor.token });
    expect(res.statusCode).toBe(200);
    const newId = res.json().newPrescriptionId as string;
    const [created] = await t.db.select().from(prescriptions).where(eq(prescriptions.id, newId));
    expect(created).toMatchObject({
      status: 'draft',
      replacesId: activeId,
      productId: product.amoxicillin,
      instructions: 'Take with food.',
      durationDays: 10,
      prescriberId: doctor.userId,
    });
    const [after] = await t.db.select().from(prescriptionRenewalRequests).where(eq(prescriptionRenewalRequests.id, request!.id));
    expect(after).toMatchObject({ status: 'approved', newPrescriptionId: newId, decidedBy: doctor.userId });
    const [note] = await t.db.select().from(notifications).where(eq(notifications.userId, patient.userId));
    expect(note).toMatchObject({ category: 'medication', link: `/portal/medicines/${activeId}` });
    expect(note!.title).not.toContain('Amoxicillin');
    const external = await t.db.select().from(outbox).where(eq(outbox.recipient, patient.email));
    for (const m of external) expect(`${m.subject} ${m.text}`).not.toContain('Amoxicillin');
    // Decided once: again is 409.
    expect((await api(t, 'POST', `/api/v1/renewal-requests/${request!.id}/approve`, { token: doctor.token })).statusCode).toBe(409);
    // While the new prescription is a draft, the patient cannot ask again (the prescriber is on it).
    const meanwhile = await api(t, 'GET', `/api/v1/me/medicines/${activeId}`, { token: patient.token });
    expect(meanwhile.json()).toMatchObject({ canRequestRenewal: false, renewal: { status: 'approved', newPrescriptionId: newId } });
    expect((await api(t, 'POST', `/api/v1/me/medicines/${activeId}/renewal-requests`, { token: patient.token, body: {} })).statusCode).toBe(
      409,
    );
    // Signing the new draft goes through the usual checks and stops the old one.
    expect((await api(t, 'POST', `/api/v1/prescriptions/${newId}/sign`, { token: doctor.token, body: { overrides: [] } })).statusCode).toBe(
      200,
    );
    const [old] = await t.db.select().from(prescriptions).where(eq(prescriptions.id, activeId));
    expect(old).toMatchObject({ status: 'stopped', replacedById: newId });
    // The old code now verifies as stopped.
    expect((await verify(code)).json()).toMatchObject({ valid: true, status: 'stopped' });
  });

  it('deny: a reason is required (400), the request denied with it, the patient notified; a completed medicine can be renewed', async () => {
    const asked = await api(t, 'POST', `/api/v1/me/medicines/${completedId}/renewal-requests`, { token: patient.token, body: {} });
    expect(asked.statusCode).toBe(201);
    const id = asked.json().id as string;
    expect((await api(t, 'POST', `/api/v1/renewal-requests/${id}/deny`, { token: doctor.token, body: {} })).statusCode).toBe(400);
    const res = await api(t, 'POST', `/api/v1/renewal-requests/${id}/deny`, {
      token: doctor.token,
      body: { reason: 'Please book a review first' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().request).toMatchObject({ status: 'denied', denialReason: 'Please book a review first' });
    const rows = await t.db.select().from(notifications).where(eq(notifications.userId, patient.userId));
    expect(rows.map((r) => r.template).sort()).toEqual(['my_medicines.notify_renewal_approved', 'my_medicines.notify_renewal_denied']);
    // The patient may ask again once it is answered, and withdraw it.
    const again = await api(t, 'POST', `/api/v1/me/medicines/${completedId}/renewal-requests`, { token: patient.token, body: {} });
    expect(again.statusCode).toBe(201);
    expect((await api(t, 'POST', `/api/v1/me/renewal-requests/${again.json().id}/cancel`, { token: otherPatient.token })).statusCode).toBe(
      404,
    );
    const cancelled = await api(t, 'POST', `/api/v1/me/renewal-requests/${again.json().id}/cancel`, { token: patient.token });
    expect(cancelled.json()).toMatchObject({ status: 'cancelled' });
    const states = await t.db
      .select({ status: prescriptionRenewalRequests.status })
      .from(prescriptionRenewalRequests)
      .where(inArray(prescriptionRenewalRequests.prescriptionId, [completedId]));
    expect(states.map((s) => s.status).sort()).toEqual(['cancelled', 'denied']);
  });

  it('the verification API is rate-limited (429 with Retry-After) before a guess can be audited', async () => {
    let limited: Awaited<ReturnType<typeof verify>> | undefined;
    for (let i = 0; i < 15 && !limited; i++) {
      const res = await verify('ZZZZZ-ZZZZZ-ZZZZZ-ZZZZ0');
      if (res.statusCode === 429) limited = res;
    }
    expect(limited?.statusCode).toBe(429);
    expect(limited?.headers['retry-after']).toBeDefined();
  });
});
