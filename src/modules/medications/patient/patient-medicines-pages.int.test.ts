import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, useTestApp } from '../../../../test/helpers/app.js';
import { createAccount, type TestAccount } from '../../../../test/helpers/actors.js';
import { PageSession } from '../../../../test/helpers/browser.js';
import { putOnCareTeam } from '../../../../test/helpers/patients.js';
import { pdfText } from '../../../../test/helpers/pdf.js';
import { recordStatements } from '../../../../test/helpers/statement-log.js';
import { auditEvents } from '../../../platform/audit/audit.tables.js';
import { patients } from '../../patients/index.js';
import { medicationProducts } from '../medications.tables.js';
import { seedFormularyProducts } from '../medications.seed.js';
import { prescriptionRenewalRequests } from './patient-medicines.tables.js';

const CODE = /\b[0-9A-HJKMNP-TV-Z]{5}(?:-[0-9A-HJKMNP-TV-Z]{5}){3}\b/;

describe("the patient's medicines: pages (portal, public verification, the prescriber's queue)", () => {
  const t = useTestApp();
  let doctor: TestAccount;
  let patient: TestAccount;
  let prescriptionId: string;

  beforeAll(async () => {
    doctor = await createAccount(t, { role: 'doctor', givenName: 'Omar', familyName: 'Khalil' });
    patient = await createAccount(t, { role: 'patient', givenName: 'Sara', familyName: 'Ali' });
    await putOnCareTeam(t, patient.patientId!, doctor.staffId!);
    await t.db.update(patients).set({ allergyStatus: 'no_known_allergies' }).where(eq(patients.id, patient.patientId!));
    await seedFormularyProducts(t.db, t.clock.now(), doctor.userId, [
      { name: 'Amoxicillin 500 mg capsule', doseForm: 'capsule', route: 'oral', ingredients: [['723', 500, 'mg']] },
    ]);
    const [p] = await t.db.select().from(medicationProducts);
    const res = await api(t, 'POST', '/api/v1/prescriptions', {
      token: doctor.token,
      body: {
        patientId: patient.patientId,
        productId: p!.id,
        dose: { value: 1, unit: '{capsule}' },
        frequency: { kind: 'times_a_day', times: 3 },
        startsAt: t.clock.now().toISOString(),
        durationDays: 7,
      },
    });
    prescriptionId = res.json().id;
    await api(t, 'POST', `/api/v1/prescriptions/${prescriptionId}/sign`, { token: doctor.token, body: { overrides: [] } });
  });

  it('the patient reaches My medicines from the navigation, opens the medicine, downloads the PDF and asks for a renewal', async () => {
    const s = new PageSession(t, patient.cookie);
    expect((await s.get('/portal')).body).toContain('href="/portal/medicines"');
    const list = await s.get('/portal/medicines');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain(`href="/portal/medicines/${prescriptionId}"`);
    expect(list.body).toContain('3 times a day');
    const detail = await s.get(`/portal/medicines/${prescriptionId}`);
    expect(detail.statusCode).toBe(200);
    expect(detail.body).toContain('Omar Khalil');
    expect(detail.body).toContain('(UTC)');
    const pdf = await s.post(`/portal/medicines/${prescriptionId}/prescription.pdf`, {});
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const code = CODE.exec((await pdfText(pdf.rawPayload)).text)![0];

    await s.get(`/portal/medicines/${prescriptionId}`);
    const asked = await s.post(`/portal/medicines/${prescriptionId}/renewal`, { note: 'Nearly out' });
    expect(asked.statusCode).toBe(303);
    expect(asked.headers.location).toBe(`/portal/medicines/${prescriptionId}?done=renewal_requested`);
    const twice = await s.post(`/portal/medicines/${prescriptionId}/renewal`, { note: 'Again' });
    expect(twice.statusCode).toBe(409);
    expect(twice.body).toContain('already waiting for an answer');

    // The pharmacy's public page: the code is POSTed; the answer names no patient.
    const pharmacy = new PageSession(t);
    const form = await pharmacy.get('/verify-prescription');
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('method="post"');
    const checked = await pharmacy.post('/verify-prescription', { code });
    expect(checked.statusCode).toBe(200);
    expect(checked.body).toContain('This prescription is genuine');
    expect(checked.body).toContain('Amoxicillin 500 mg capsule');
    expect(checked.body).toContain('Omar Khalil');
    expect(checked.body).not.toContain('Sara');
    expect(checked.body).not.toContain(patient.patientId!);
    const wrong = await pharmacy.post('/verify-prescription', { code: 'ZZZZZ-ZZZZZ-ZZZZZ-ZZZZZ' });
    expect(wrong.body).toContain('does not match any prescription');
    // Without the CSRF token the form is refused.
    expect((await pharmacy.post('/verify-prescription', { code }, { csrf: null })).statusCode).toBe(403);
  });

  it('the doctor reaches the queue from the navigation and approves: the new draft opens to be signed', async () => {
    const s = new PageSession(t, doctor.cookie);
    expect((await s.get('/staff')).body).toContain('href="/staff/renewal-requests"');
    const queue = await s.get('/staff/renewal-requests');
    expect(queue.statusCode).toBe(200);
    expect(queue.body).toContain('Sara Ali');
    expect(queue.body).toContain('Nearly out');
    const [request] = await t.db.select().from(prescriptionRenewalRequests);
    const denied = await s.post(`/staff/renewal-requests/${request!.id}/deny`, {});
    expect(denied.statusCode).toBe(400);
    const approved = await s.post(`/staff/renewal-requests/${request!.id}/approve`, {});
    expect(approved.statusCode).toBe(303);
    const [after] = await t.db.select().from(prescriptionRenewalRequests).where(eq(prescriptionRenewalRequests.id, request!.id));
    expect(approved.headers.location).toBe(`/staff/prescriptions/${after!.newPrescriptionId}`);
    expect((await s.get(approved.headers.location as string)).statusCode).toBe(200);
  });

  it('the public verification page is rate-limited too (429 with Retry-After); wrong codes write no audit row', async () => {
    const pharmacy = new PageSession(t);
    await pharmacy.get('/verify-prescription');
    const before = (await t.db.select().from(auditEvents).where(eq(auditEvents.action, 'prescription.code_check'))).length;
    let status = 0;
    for (let i = 0; i < 15 && status !== 429; i++)
      status = (await pharmacy.post('/verify-prescription', { code: 'ZZZZZ-ZZZZZ-ZZZZZ-ZZZZ1' })).statusCode;
    expect(status).toBe(429);
    expect(pharmacy.lastResponse?.headers['retry-after']).toBeDefined();
    expect((await t.db.select().from(auditEvents).where(eq(auditEvents.action, 'prescription.code_check'))).length).toBe(before);
  });

  it('the pages run a fixed number of statements however many medicines and requests there are', async () => {
    const patientSession = new PageSession(t, patient.cookie);
    const doctorSession = new PageSession(t, doctor.cookie);
    const count = async (session: PageSession, url: string) => {
      await session.get(url); // warm-up (caches, prepared statements)
      const log = recordStatements(t.database);
      const res = await session.get(url);
      log.stop();
      expect(res.statusCode).toBe(200);
      return log.count();
    };
    const before = {
      list: await count(patientSession, '/portal/medicines'),
      detail: await count(patientSession, `/portal/medicines/${prescriptionId}`),
      queue: await count(doctorSession, '/staff/renewal-requests'),
    };
    // Grow: more medicines and more renewal requests (answered and pending) for the same patient and doctor.
    const [p] = await t.db.select().from(medicationProducts);
    for (let i = 0; i < 3; i++) {
      const res = await api(t, 'POST', '/api/v1/prescriptions', {
        token: doctor.token,
        body: {
          patientId: patient.patientId,
          productId: p!.id,
          dose: { value: 1, unit: '{capsule}' },
          frequency: { kind: 'times_a_day', times: 1 },
          startsAt: t.clock.now().toISOString(),
          durationDays: 5,
        },
      });
      await api(t, 'POST', `/api/v1/prescriptions/${res.json().id}/sign`, {
        token: doctor.token,
        body: { overrides: [] },
      });
      const asked = await api(t, 'POST', `/api/v1/me/medicines/${res.json().id}/renewal-requests`, { token: patient.token, body: {} });
      expect(asked.statusCode).toBe(201);
    }
    const after = {
      list: await count(patientSession, '/portal/medicines'),
      detail: await count(patientSession, `/portal/medicines/${prescriptionId}`),
      queue: await count(doctorSession, '/staff/renewal-requests'),
    };
    // The session is cached after the warm-up. The list: access, then the audit row with the reads.
    // The detail: the access facts with the prescription's patient, the audit row with the reads. The queue: its ids.
    expect(before).toEqual({ list: 2, detail: 2, queue: 1 });
    // The queue with requests waiting: the ids, then the audit rows with the queue and the names.
    expect(after).toEqual({ list: 2, detail: 2, queue: 2 });
  });
});
