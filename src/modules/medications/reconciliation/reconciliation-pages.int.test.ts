import { and, eq } from 'drizzle-orm';
import { auditEvents } from '../../../platform/audit/audit.tables.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, useTestApp } from '../../../../test/helpers/app.js';
import { createAccount, type TestAccount } from '../../../../test/helpers/actors.js';
import { PageSession } from '../../../../test/helpers/browser.js';
import { putOnCareTeam } from '../../../../test/helpers/patients.js';
import { patients } from '../../patients/index.js';
import { encounters } from '../../records/index.js';
import { medicationProducts } from '../medications.tables.js';
import { seedFormularyProducts } from '../medications.seed.js';
import { prescriptions } from '../prescriptions.tables.js';
import { outsideMedications } from './outside-medications.tables.js';
import { medicationReconciliationItems } from './reconciliation.tables.js';

describe('reconciliation pages (encounter → reconcile → outside medicine → decisions)', () => {
  const t = useTestApp();
  let doctor: TestAccount;
  let patientId: string;
  let encounterId: string;
  let simvastatinId: string;

  beforeAll(async () => {
    doctor = await createAccount(t, { role: 'doctor' });
    const patient = await createAccount(t, { role: 'patient' });
    patientId = patient.patientId!;
    await putOnCareTeam(t, patientId, doctor.staffId!);
    await t.db.update(patients).set({ allergyStatus: 'no_known_allergies' }).where(eq(patients.id, patientId));
    await seedFormularyProducts(t.db, t.clock.now(), doctor.userId, [
      { name: 'Simvastatin 20 mg tablet', doseForm: 'tablet', route: 'oral', ingredients: [['36567', 20, 'mg']] },
    ]);
    simvastatinId = (await t.db.select().from(medicationProducts))[0]!.id;
    const now = t.clock.now();
    const [encounter] = await t.db
      .insert(encounters)
      .values({
        patientId,
        clinicianId: doctor.staffId!,
        type: 'outpatient',
        status: 'in_progress',
        startedAt: now,
        createdBy: doctor.userId,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    encounterId = encounter!.id;
  });

  it('a doctor reaches reconciliation from the encounter, records an outside medicine, then stops one medicine and continues the other', async () => {
    const draft = await api(t, 'POST', '/api/v1/prescriptions', {
      token: doctor.token,
      body: {
        patientId,
        productId: simvastatinId,
        dose: { value: 1, unit: '{tablet}' },
        frequency: { kind: 'times_a_day', times: 1 },
        startsAt: t.clock.now().toISOString(),
        durationDays: 30,
      },
    });
    const rxId = draft.json().id as string;
    expect((await api(t, 'POST', `/api/v1/prescriptions/${rxId}/sign`, { token: doctor.token, body: { overrides: [] } })).statusCode).toBe(
      200,
    );

    const page = new PageSession(t, doctor.cookie);
    const encounterPage = await page.get(`/staff/encounters/${encounterId}`);
    expect(encounterPage.body).toContain(`href="/staff/encounters/${encounterId}/reconciliation"`);
    const recon = await page.get(`/staff/encounters/${encounterId}/reconciliation`);
    expect(recon.statusCode).toBe(200);
    expect(recon.body).toContain('Simvastatin 20 mg tablet');
    const outsideUrl = `/staff/patients/${patientId}/outside-medicines/new?encounter=${encounterId}`;
    expect(recon.body).toContain(`href="${outsideUrl.replace(/&/g, '&amp;')}"`);

    const formPage = await page.get(outsideUrl);
    expect(formPage.statusCode).toBe(200);
    const bad = await page.post(outsideUrl, { name: 'Herbal tea', doseValue: '1', source: 'patient_report' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('field--invalid');
    const saved = await page.post(outsideUrl, {
      name: 'Ibuprofen (over the counter)',
      ingredientRxcui: '5640',
      doseValue: '400',
      doseUnit: 'mg',
      frequencyText: 'when needed',
      source: 'patient_report',
      startedOn: '2026-10-01',
    });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(`/staff/encounters/${encounterId}/reconciliation`);
    const [outside] = await t.db.select().from(outsideMedications).where(eq(outsideMedications.patientId, patientId));
    expect(outside).toMatchObject({ name: 'Ibuprofen (over the counter)', ingredientRxcui: '5640', encounterId, status: 'active' });

    const listed = await page.get(`/staff/encounters/${encounterId}/reconciliation`);
    expect(listed.body).toContain('Ibuprofen (over the counter)');
    expect(listed.body).toContain('taken from outside the hospital');
    // A stop without a reason: 400 beside the field, nothing written.
    const noReason = await page.post(`/staff/encounters/${encounterId}/reconciliation`, {
      [`d_rx_${rxId}`]: 'continue',
      [`d_out_${outside!.id}`]: 'stop',
    });
    expect(noReason.statusCode).toBe(400);
    expect(await t.db.select().from(medicationReconciliationItems)).toEqual([]);
    const done = await page.post(`/staff/encounters/${encounterId}/reconciliation`, {
      [`d_rx_${rxId}`]: 'continue',
      [`d_out_${outside!.id}`]: 'stop',
      [`r_out_${outside!.id}`]: 'Stomach pain',
    });
    expect(done.statusCode).toBe(303);
    const reads = () =>
      t.db
        .select({ patientId: auditEvents.patientId })
        .from(auditEvents)
        .where(and(eq(auditEvents.action, 'medication_reconciliation.read'), eq(auditEvents.resourceId, encounterId)))
        .orderBy(auditEvents.id);
    const readsBefore = (await reads()).length;
    const after = await page.get(done.headers.location as string);
    expect(after.body).toContain('Reconciliation recorded.');
    expect(after.body).toContain('Stomach pain');
    // One view, one audit row naming the patient (written in the statement that read the page's sections).
    expect((await reads()).slice(readsBefore)).toEqual([{ patientId }]);
    const [stopped] = await t.db.select().from(outsideMedications).where(eq(outsideMedications.id, outside!.id));
    expect(stopped).toMatchObject({ status: 'stopped', stopReason: 'Stomach pain' });
    const [rx] = await t.db.select().from(prescriptions).where(eq(prescriptions.id, rxId));
    expect(rx!.status).toBe('signed');
    expect(await t.db.select().from(medicationReconciliationItems)).toHaveLength(2);

    // "Change": recorded, then the page links to a new draft that replaces the prescription (the existing replace flow).
    // A second later (the page shows the newest reconciliation's changes; the test clock stands still otherwise).
    t.clock.advance(1000);
    const change = await page.post(`/staff/encounters/${encounterId}/reconciliation`, { [`d_rx_${rxId}`]: 'change' });
    expect(change.statusCode).toBe(303);
    const withLink = await page.get(change.headers.location as string);
    const newUrl = `/staff/patients/${patientId}/medicines/new?replaces=${rxId}`;
    expect(withLink.body).toContain(`href="${newUrl}"`);
    const form = await page.get(newUrl);
    expect(form.body).toContain(`name="replaces" value="${rxId}"`);
    const saved2 = await page.post(`/staff/patients/${patientId}/medicines/new`, {
      replaces: rxId,
      productId: simvastatinId,
      doseValue: '1',
      doseUnit: '{tablet}',
      frequencyKind: 'times_a_day',
      times: '1',
      startsAt: '2030-01-15T09:00',
      durationDays: '30',
      refills: '0',
    });
    expect(saved2.statusCode).toBe(303);
    const drafts = await t.db.select().from(prescriptions).where(eq(prescriptions.replacesId, rxId));
    expect(drafts).toHaveLength(1);
    expect(drafts[0]!.status).toBe('draft');
  });
});
