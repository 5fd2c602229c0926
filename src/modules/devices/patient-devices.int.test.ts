import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, useTestApp } from '../../../test/helpers/app.js';
import { PageSession } from '../../../test/helpers/browser.js';
import { createAccount, type TestAccount } from '../../../test/helpers/actors.js';
import { putOnCareTeam } from '../../../test/helpers/patients.js';
import { auditEvents } from '../../platform/audit/audit.tables.js';
import { devices, monitoringEnrolments } from './devices.tables.js';

/** The staff pages "Devices and monitoring" of a patient (docs/vitals.md), over the API's services. */
const t = useTestApp();
let patient: TestAccount;
let nurse: TestAccount;
let outsider: TestAccount;
let receptionist: TestAccount;
let base: string;

const reading = (systolic: number) => ({
  readings: [{ code: '8480-6', value: systolic, unit: 'mm[Hg]', effectiveAt: new Date(t.clock.now().getTime() - 60_000).toISOString() }],
});
const CREDENTIAL = /cwk_[A-Za-z0-9_-]+/;

beforeAll(async () => {
  patient = await createAccount(t, { role: 'patient' });
  nurse = await createAccount(t, { role: 'nurse' });
  outsider = await createAccount(t, { role: 'doctor' });
  receptionist = await createAccount(t, { role: 'receptionist' });
  await putOnCareTeam(t, patient.patientId!, nurse.staffId!);
  base = `/staff/patients/${patient.patientId}`;
});

describe('devices and monitoring (staff pages)', () => {
  it('is linked from the chart for the care team', async () => {
    const page = new PageSession(t, nurse.cookie);
    const chart = await page.get(`${base}/chart`);
    expect(chart.statusCode).toBe(200);
    expect(chart.body).toContain(`href="${base}/devices"`);
    const list = await page.get(`${base}/devices`);
    expect(list.statusCode).toBe(200);
    expect(list.headers['cache-control']).toContain('no-store');
  });

  it('registers a device showing its credential once; the device posts with it until revoked through the page', async () => {
    const page = new PageSession(t, nurse.cookie);
    await page.get(`${base}/devices`);
    const bad = await page.post(`${base}/devices`, { kind: 'bp_cuff', label: '' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Fill in this field');
    expect(bad.body).toMatch(/<option value="bp_cuff" selected/);

    const added = await page.post(`${base}/devices`, { kind: 'bp_cuff', label: 'Home cuff' });
    expect(added.statusCode).toBe(200);
    expect(added.body).toContain('shown only this once');
    const credential = CREDENTIAL.exec(added.body)?.[0];
    expect(credential).toBeDefined();
    const [row] = await t.db
      .select()
      .from(devices)
      .where(and(eq(devices.patientId, patient.patientId!), eq(devices.label, 'Home cuff')));
    expect(row!.registeredBy).toBe(nurse.userId);

    const listed = await page.get(`${base}/devices`);
    expect(listed.body).toContain('Home cuff');
    expect(listed.body).not.toContain(credential!);
    expect(listed.body).not.toContain('bp_cuff<'); // the kind in words, never its code
    expect(listed.body).toContain('Blood-pressure cuff');

    const sent = await api(t, 'POST', '/api/v1/devices/observations', { token: credential!, body: reading(128) });
    expect(sent.statusCode).toBe(200);
    expect(sent.json()).toMatchObject({ stored: 1 });

    const revoked = await page.post(`${base}/devices/${row!.id}/revoke`, {});
    expect(revoked.statusCode).toBe(303);
    expect(revoked.headers.location).toBe(`${base}/devices?done=revoked`);
    const refused = await api(t, 'POST', '/api/v1/devices/observations', { token: credential!, body: reading(130) });
    expect(refused.statusCode).toBe(401);
    const audits = await t.db
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(and(eq(auditEvents.resourceId, row!.id), eq(auditEvents.outcome, 'success')));
    expect(audits.map((a) => a.action).sort()).toEqual(['device.observations.ingest', 'device.register', 'device.revoke']);
  });

  it('enrols the patient in a programme and ends the enrolment through the page', async () => {
    const page = new PageSession(t, nurse.cookie);
    await page.get(`${base}/devices`);
    const bad = await page.post(`${base}/monitoring-enrolments`, { programme: 'home_bp', alertAfterReadings: '99' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Enter a whole number from 1 to 20.');
    expect(bad.body).toContain('value="99"');

    const enrolled = await page.post(`${base}/monitoring-enrolments`, {
      programme: 'home_bp',
      alertAfterReadings: '2',
      silentAfterDays: '',
    });
    expect(enrolled.statusCode).toBe(303);
    const [row] = await t.db.select().from(monitoringEnrolments).where(eq(monitoringEnrolments.patientId, patient.patientId!));
    expect(row).toMatchObject({
      programme: 'home_bp',
      alertAfterReadings: 2,
      silentAfterDays: 3,
      responsibleUserId: nurse.userId,
      endedAt: null,
    });

    const again = await page.post(`${base}/monitoring-enrolments`, { programme: 'home_bp' });
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('already enrolled in this programme');

    const shown = await page.get(`${base}/devices?done=enrolled`);
    expect(shown.body).toContain('Home blood pressure (hypertension)');
    expect(shown.body).not.toContain('home_bp<');

    const ended = await page.post(`${base}/monitoring-enrolments/${row!.id}/end`, {});
    expect(ended.statusCode).toBe(303);
    const [after] = await t.db.select().from(monitoringEnrolments).where(eq(monitoringEnrolments.id, row!.id));
    expect(after!.endedAt).not.toBeNull();
  });

  it("shows two patients' pages in turn, each with only its own enrolments and its own audit row (a view built once)", async () => {
    const [bp, glucose] = [await createAccount(t, { role: 'patient' }), await createAccount(t, { role: 'patient' })];
    const page = new PageSession(t, nurse.cookie);
    for (const [who, programme] of [
      [bp, 'home_bp'],
      [glucose, 'home_glucose'],
    ] as const) {
      await putOnCareTeam(t, who.patientId!, nurse.staffId!);
      await page.get(`/staff/patients/${who.patientId}/devices`);
      const enrolled = await page.post(`/staff/patients/${who.patientId}/monitoring-enrolments`, { programme });
      expect(enrolled.statusCode).toBe(303);
    }
    const enrolmentOf = async (who: TestAccount) =>
      (await t.db.select().from(monitoringEnrolments).where(eq(monitoringEnrolments.patientId, who.patientId!)))[0]!.id;
    const [bpEnrolment, glucoseEnrolment] = [await enrolmentOf(bp), await enrolmentOf(glucose)];
    const before = await t.db.select().from(auditEvents).where(eq(auditEvents.actorUserId, nurse.userId));
    const order = [bp, glucose, bp];
    for (const who of order) {
      const shown = await page.get(`/staff/patients/${who.patientId}/devices`);
      expect(shown.statusCode).toBe(200);
      // Each enrolment is listed with its own "end" form.
      expect(shown.body.includes(`monitoring-enrolments/${bpEnrolment}/end`)).toBe(who === bp);
      expect(shown.body.includes(`monitoring-enrolments/${glucoseEnrolment}/end`)).toBe(who === glucose);
    }
    const rows = (await t.db.select().from(auditEvents).where(eq(auditEvents.actorUserId, nurse.userId))).slice(before.length);
    expect(rows.map((r) => [r.action, r.patientId, r.detail, r.occurredAt.getTime()])).toEqual(
      order.map((who) => ['device.list', who.patientId, { page: 'staff', enrolments: true, tier: 'care_team' }, t.clock.now().getTime()]),
    );
  });

  it('answers 404 to a clinician outside the care team and 403 to a role without the permission, as the API does', async () => {
    const outsiderPage = new PageSession(t, outsider.cookie);
    expect((await outsiderPage.get(`${base}/devices`)).statusCode).toBe(404);
    await outsiderPage.get('/staff');
    expect((await outsiderPage.post(`${base}/devices`, { kind: 'glucometer', label: 'x' })).statusCode).toBe(404);
    expect((await outsiderPage.post(`${base}/monitoring-enrolments`, { programme: 'home_glucose' })).statusCode).toBe(404);
    expect(await t.db.select().from(devices).where(eq(devices.label, 'x'))).toHaveLength(0);

    const frontDesk = new PageSession(t, receptionist.cookie);
    expect((await frontDesk.get(`${base}/devices`)).statusCode).toBe(403);
    await frontDesk.get('/staff');
    expect((await frontDesk.post(`${base}/devices`, { kind: 'glucometer', label: 'y' })).statusCode).toBe(403);

    // The patient has the portal's My devices; the staff page is not theirs.
    expect((await new PageSession(t, patient.cookie).get(`${base}/devices`)).statusCode).toBe(404);
  });
});
