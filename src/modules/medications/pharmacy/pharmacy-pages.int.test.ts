import { and, eq, inArray } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, useTestApp } from '../../../../test/helpers/app.js';
import { createAccount, type TestAccount } from '../../../../test/helpers/actors.js';
import { PageSession } from '../../../../test/helpers/browser.js';
import { putOnCareTeam } from '../../../../test/helpers/patients.js';
import { auditEvents } from '../../../platform/audit/audit.tables.js';
import { addDays, localDateOf } from '../../../platform/time/zoned-time.js';
import { patients } from '../../patients/index.js';
import { medicationProducts } from '../medications.tables.js';
import { seedFormularyProducts } from '../medications.seed.js';
import { pharmacyQueries, prescriptionDispenses, prescriptionVerifications } from './pharmacy.tables.js';

describe('pharmacy: pages (home → queue → prescription → query → verify → dispense → label)', () => {
  const t = useTestApp();
  let doctor: TestAccount;
  let pharmacist: TestAccount;
  let patientId: string;
  let rxId: string;

  beforeAll(async () => {
    doctor = await createAccount(t, { role: 'doctor' });
    pharmacist = await createAccount(t, { role: 'pharmacist' });
    const patient = await createAccount(t, { role: 'patient', givenName: 'Lena', familyName: 'Label' });
    patientId = patient.patientId!;
    await putOnCareTeam(t, patientId, doctor.staffId!);
    await t.db.update(patients).set({ allergyStatus: 'no_known_allergies' }).where(eq(patients.id, patientId));
    await seedFormularyProducts(t.db, t.clock.now(), doctor.userId, [
      { name: 'Simvastatin 20 mg tablet', doseForm: 'tablet', route: 'oral', ingredients: [['36567', 20, 'mg']] },
      { name: 'Clarithromycin 500 mg tablet', doseForm: 'tablet', route: 'oral', ingredients: [['21212', 500, 'mg']] },
    ]);
    const products = await t.db.select().from(medicationProducts);
    const idOf = (name: string) => products.find((p) => p.name.startsWith(name))!.id;
    const sign = async (productId: string, quantity?: number) => {
      const res = await api(t, 'POST', '/api/v1/prescriptions', {
        token: doctor.token,
        body: {
          patientId,
          productId,
          dose: { value: 1, unit: '{tablet}' },
          frequency: { kind: 'times_a_day', times: 2 },
          startsAt: t.clock.now().toISOString(),
          durationDays: 7,
          instructions: 'Take with food',
          ...(quantity ? { quantity: { value: quantity, unit: '{tablet}' } } : {}),
        },
      });
      const id = res.json().id as string;
      const alerts = (await api(t, 'POST', `/api/v1/prescriptions/${id}/check`, { token: doctor.token })).json().alerts as {
        key: string;
        requiresOverride: boolean;
      }[];
      const signed = await api(t, 'POST', `/api/v1/prescriptions/${id}/sign`, {
        token: doctor.token,
        body: { overrides: alerts.filter((a) => a.requiresOverride).map((a) => ({ key: a.key, reason: 'Short course, statin paused' })) },
      });
      expect(signed.statusCode).toBe(200);
      return id;
    };
    await sign(idOf('Simvastatin'));
    t.clock.advance(60_000);
    rxId = await sign(idOf('Clarithromycin'), 14);
  });

  it('the pharmacist reaches the queue from the navigation and sees the override in full', async () => {
    const page = new PageSession(t, pharmacist.cookie);
    const home = await page.get('/staff');
    expect(home.body).toContain('href="/staff/pharmacy"');
    const queue = await page.get('/staff/pharmacy');
    expect(queue.statusCode).toBe(200);
    expect(queue.body).toContain('Lena Label');
    expect(queue.body).toContain(`href="/staff/pharmacy/prescriptions/${rxId}"`);
    expect(queue.body).toContain('Alert overridden');
    const detail = await page.get(`/staff/pharmacy/prescriptions/${rxId}`);
    expect(detail.statusCode).toBe(200);
    expect(detail.body).toContain('Short course, statin paused');
    expect(detail.body).toContain('Simvastatin 20 mg tablet');
    expect(detail.body).toContain('Alerts were overridden when signing');
    expect(detail.body).not.toContain('undefined');
    // A doctor is refused the pharmacy's pages.
    expect((await new PageSession(t, doctor.cookie).get('/staff/pharmacy')).statusCode).toBe(403);
  });

  it('queries the prescriber, who sees and answers it on the prescription page; then verifies', async () => {
    const page = new PageSession(t, pharmacist.cookie);
    await page.get(`/staff/pharmacy/prescriptions/${rxId}`);
    const empty = await page.post(`/staff/pharmacy/prescriptions/${rxId}/query`, { message: '' });
    expect(empty.statusCode).toBe(400);
    const asked = await page.post(`/staff/pharmacy/prescriptions/${rxId}/query`, {
      message: 'Is the statin really paused?',
      _idempotency: crypto.randomUUID(),
    });
    expect(asked.statusCode).toBe(303);
    const [query] = await t.db.select().from(pharmacyQueries).where(eq(pharmacyQueries.prescriptionId, rxId));
    expect(query!.message).toBe('Is the statin really paused?');

    const doctorPage = new PageSession(t, doctor.cookie);
    const rx = await doctorPage.get(`/staff/prescriptions/${rxId}`);
    expect(rx.statusCode).toBe(200);
    expect(rx.body).toContain('Is the statin really paused?');
    // The view reads the prescription and its queries on one access decision: ONE audit row naming both.
    const rows = await t.db
      .select({ action: auditEvents.action, detail: auditEvents.detail })
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.actorUserId, doctor.userId),
          eq(auditEvents.resourceId, rxId),
          inArray(auditEvents.action, ['prescription.read', 'pharmacy_query.list']),
        ),
      );
    expect(rows).toEqual([
      { action: 'prescription.read', detail: { tier: 'care_team', sections: ['prescription', 'allergies', 'pharmacy_queries'] } },
    ]);
    expect(rx.body).toContain(`/staff/prescriptions/${rxId}/pharmacy-queries/${query!.id}/answer`);
    const answered = await doctorPage.post(`/staff/prescriptions/${rxId}/pharmacy-queries/${query!.id}/answer`, {
      answer: 'Yes, for the whole course.',
      _idempotency: crypto.randomUUID(),
    });
    expect(answered.statusCode).toBe(303);

    const detail = await page.get(`/staff/pharmacy/prescriptions/${rxId}`);
    expect(detail.body).toContain('Yes, for the whole course.');
    const verified = await page.post(`/staff/pharmacy/prescriptions/${rxId}/verify`, { _idempotency: crypto.randomUUID() });
    expect(verified.statusCode).toBe(303);
    expect(await t.db.select().from(prescriptionVerifications).where(eq(prescriptionVerifications.prescriptionId, rxId))).toHaveLength(1);
  });

  it('dispenses from the form once even when the form is sent twice, and prints a label', async () => {
    const page = new PageSession(t, pharmacist.cookie);
    const detail = await page.get(`/staff/pharmacy/prescriptions/${rxId}`);
    expect(detail.body).toContain(`action="/staff/pharmacy/prescriptions/${rxId}/dispense"`);
    const today = localDateOf(t.clock.now(), 'UTC');
    const expired = await page.post(`/staff/pharmacy/prescriptions/${rxId}/dispense`, {
      quantityValue: '14',
      quantityUnit: '{tablet}',
      lotNumber: 'AB123',
      expiresOn: addDays(today, -3),
      _idempotency: crypto.randomUUID(),
    });
    expect(expired.statusCode).toBe(400);
    expect(expired.body).toContain('a lot that expired before today cannot be dispensed');
    const fields = {
      quantityValue: '14',
      quantityUnit: '{tablet}',
      lotNumber: 'AB123',
      expiresOn: addDays(today, 90),
      _idempotency: crypto.randomUUID(),
    };
    const first = await page.post(`/staff/pharmacy/prescriptions/${rxId}/dispense`, fields);
    expect(first.statusCode).toBe(303);
    const again = await page.post(`/staff/pharmacy/prescriptions/${rxId}/dispense`, fields);
    expect(again.statusCode).toBe(303);
    const rows = await t.db.select().from(prescriptionDispenses).where(eq(prescriptionDispenses.prescriptionId, rxId));
    expect(rows).toHaveLength(1);

    const recent = await page.get('/staff/pharmacy/dispenses');
    expect(recent.statusCode).toBe(200);
    expect(recent.body).toContain(`href="/staff/pharmacy/dispenses/${rows[0]!.id}/label"`);
    const label = await page.get(`/staff/pharmacy/dispenses/${rows[0]!.id}/label`);
    expect(label.statusCode).toBe(200);
    for (const text of [
      'Lena Label',
      'Clarithromycin 500 mg tablet',
      'AB123',
      'Take with food',
      'Carewell Hospital Pharmacy',
      'class="dispense-label"',
    ]) {
      expect(label.body).toContain(text);
    }
    expect((await page.get('/staff/pharmacy/dispenses/00000000-0000-4000-8000-000000000009/label')).statusCode).toBe(404);
  });
});
