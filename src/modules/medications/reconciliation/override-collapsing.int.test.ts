import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, useTestApp } from '../../../../test/helpers/app.js';
import { createAccount, type TestAccount } from '../../../../test/helpers/actors.js';
import { freshToken, putOnCareTeam } from '../../../../test/helpers/patients.js';
import { auditEvents } from '../../../platform/audit/audit.tables.js';
import { issueSession } from '../../../platform/auth/session.service.js';
import { sessionCookieName } from '../../../platform/http/cookies.js';
import { patients } from '../../patients/index.js';
import { medicationProducts } from '../medications.tables.js';
import { seedFormularyProducts, type SeedProduct } from '../medications.seed.js';
import { prescriptionAlerts } from '../prescriptions.tables.js';

const PRODUCTS: SeedProduct[] = [
  { name: 'Simvastatin 20 mg tablet', doseForm: 'tablet', route: 'oral', ingredients: [['36567', 20, 'mg']] },
  { name: 'Clarithromycin 500 mg tablet', doseForm: 'tablet', route: 'oral', ingredients: [['21212', 500, 'mg']] },
];
const DAY = 86_400_000;

type Alert = { key: string; requiresOverride: boolean; collapsed: { alertId: string; reason: string; overriddenAt: string } | null };

describe('override collapsing: an alert the same prescriber overrode is collapsed until a therapy restarts, the dose rises or 12 months pass', () => {
  const t = useTestApp();
  let doctor: TestAccount;
  let colleague: TestAccount;
  const product: Record<string, string> = {};

  async function newPatient() {
    const patient = await createAccount(t, { role: 'patient' });
    for (const member of [doctor, colleague]) await putOnCareTeam(t, patient.patientId!, member.staffId!);
    await t.db.update(patients).set({ allergyStatus: 'no_known_allergies' }).where(eq(patients.id, patient.patientId!));
    return patient.patientId!;
  }

  beforeAll(async () => {
    doctor = await createAccount(t, { role: 'doctor' });
    colleague = await createAccount(t, { role: 'doctor' });
    const pharmacist = await createAccount(t, { role: 'pharmacist' });
    await seedFormularyProducts(t.db, t.clock.now(), pharmacist.userId, PRODUCTS);
    const rows = await t.db.select({ id: medicationProducts.id, name: medicationProducts.name }).from(medicationProducts);
    for (const row of rows) product[row.name.split(' ')[0]!.toLowerCase()] = row.id;
  });

  const draft = (patientId: string, name: string, over: Record<string, unknown> = {}, token = doctor.token) =>
    api(t, 'POST', '/api/v1/prescriptions', {
      token,
      body: {
        patientId,
        productId: product[name],
        dose: { value: 1, unit: '{tablet}' },
        frequency: { kind: 'times_a_day', times: 2 },
        startsAt: t.clock.now().toISOString(),
        durationDays: 7,
        ...over,
      },
    });
  const check = async (id: string, token = doctor.token) => {
    const res = await api(t, 'POST', `/api/v1/prescriptions/${id}/check`, { token });
    expect(res.statusCode).toBe(200);
    return res.json().alerts as Alert[];
  };
  const sign = (id: string, overrides: { key: string; reason: string }[] = [], token = doctor.token) =>
    api(t, 'POST', `/api/v1/prescriptions/${id}/sign`, { token, body: { overrides } });
  /** Drafts, checks and signs, giving a reason for every alert that still needs one. */
  async function signed(patientId: string, name: string, over: Record<string, unknown> = {}, token = doctor.token) {
    const id = (await draft(patientId, name, over, token)).json().id as string;
    const alerts = await check(id, token);
    const res = await sign(
      id,
      alerts.filter((a) => a.requiresOverride && !a.collapsed).map((a) => ({ key: a.key, reason: 'Short course; statin paused' })),
      token,
    );
    expect(res.statusCode).toBe(200);
    return id;
  }
  /** Moves the injected clock; sessions idle out meanwhile, so both doctors sign in again. */
  async function later(ms: number) {
    t.clock.advance(ms);
    doctor.token = await freshToken(t, doctor.userId);
    colleague.token = await freshToken(t, colleague.userId);
  }
  const interactionAlerts = (alerts: Alert[]) => alerts.filter((a) => a.requiresOverride);

  /** Simvastatin active, then clarithromycin signed over the ONC rule 11 (and VA) alerts by the doctor. */
  async function overridden() {
    const patientId = await newPatient();
    const simvastatin = await signed(patientId, 'simvastatin');
    const clarithromycin = await signed(patientId, 'clarithromycin');
    const overrides = await t.db
      .select()
      .from(prescriptionAlerts)
      .where(and(eq(prescriptionAlerts.prescriptionId, clarithromycin), eq(prescriptionAlerts.requiresOverride, true)));
    expect(overrides.length).toBeGreaterThan(0);
    return { patientId, simvastatin, clarithromycin, overrides };
  }

  it('a change of the same drug at the same dose: collapsed with the earlier reason and date, signs without a reason, recorded as collapsed', async () => {
    const { patientId, clarithromycin, overrides } = await overridden();
    const overriddenAt = t.clock.now().toISOString();
    await later(3 * DAY);
    const change = (await draft(patientId, 'clarithromycin', { replaces: clarithromycin, instructions: 'With food.' })).json().id as string;
    const alerts = interactionAlerts(await check(change));
    expect(alerts.length).toBe(overrides.length);
    for (const a of alerts) expect(a.collapsed).toMatchObject({ reason: 'Short course; statin paused', overriddenAt });
    expect(alerts.find((a) => a.key.startsWith('onc:11:'))?.collapsed).not.toBeNull();

    const auditsBefore = await t.db.select().from(auditEvents).where(eq(auditEvents.action, 'prescription.alert_override'));
    const res = await sign(change);
    expect(res.statusCode).toBe(200);
    const rows = await t.db
      .select()
      .from(prescriptionAlerts)
      .where(and(eq(prescriptionAlerts.prescriptionId, change), eq(prescriptionAlerts.requiresOverride, true)));
    expect(rows).toHaveLength(overrides.length);
    const earlierIds = overrides.map((o) => o.id);
    for (const row of rows) {
      expect(row).toMatchObject({ overrideReason: null, overriddenBy: null });
      expect(earlierIds).toContain(row.collapsedFromId);
    }
    expect(await t.db.select().from(auditEvents).where(eq(auditEvents.action, 'prescription.alert_override'))).toHaveLength(
      auditsBefore.length,
    );
    // The pharmacist's view (the prescription read) shows the collapsed alerts with the earlier reason.
    const read = await api(t, 'GET', `/api/v1/prescriptions/${change}`, { token: doctor.token });
    const recorded = (read.json().alerts as Alert[]).filter((a) => a.requiresOverride);
    expect(recorded.every((a) => a.collapsed?.reason === 'Short course; statin paused')).toBe(true);
  });

  it('the other drug of the pair renewed without a gap (swapped sides) is still collapsed', async () => {
    const { patientId, simvastatin } = await overridden();
    const renewal = (await draft(patientId, 'simvastatin', { replaces: simvastatin })).json().id as string;
    const alerts = interactionAlerts(await check(renewal));
    expect(alerts.length).toBeGreaterThan(0);
    expect(alerts.every((a) => a.collapsed !== null)).toBe(true);
    // The page shows it collapsed (a summary line with the earlier reason, the alert inside <details>) and asks no reason.
    const browser = await issueSession(t.db, { userId: doctor.userId, kind: 'browser', ip: null, userAgent: 'vitest', now: t.clock.now() });
    const cookie = `${sessionCookieName(t.config)}=${browser.token}`;
    const page = await api(t, 'GET', `/staff/prescriptions/${renewal}`, { headers: { cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<details>');
    expect(page.body).toContain('Overridden before');
    expect(page.body).toContain('Short course; statin paused');
    expect(page.body).not.toContain('name="overrideReason0"');
    expect((await sign(renewal)).statusCode).toBe(200);
  });

  it('returns in full when the dose rises (per dose, or per day)', async () => {
    const { patientId, clarithromycin } = await overridden();
    const higher = (await draft(patientId, 'clarithromycin', { replaces: clarithromycin, dose: { value: 2, unit: '{tablet}' } })).json()
      .id as string;
    const alerts = interactionAlerts(await check(higher));
    expect(alerts.length).toBeGreaterThan(0);
    expect(alerts.every((a) => a.collapsed === null)).toBe(true);
    const refused = await sign(higher);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().code).toBe('override_required');
    expect(await t.db.select().from(prescriptionAlerts).where(eq(prescriptionAlerts.prescriptionId, higher))).toEqual([]);
    // One live replacement per prescription: the refused draft is set aside before the next.
    const discard = (id: string) => api(t, 'POST', `/api/v1/prescriptions/${id}/entered-in-error`, { token: doctor.token });
    expect((await discard(higher)).statusCode).toBe(200);

    const moreOften = (
      await draft(patientId, 'clarithromycin', { replaces: clarithromycin, frequency: { kind: 'times_a_day', times: 3 } })
    ).json().id as string;
    expect(interactionAlerts(await check(moreOften)).every((a) => a.collapsed === null)).toBe(true);
    expect((await discard(moreOften)).statusCode).toBe(200);
    // A lower dose stays collapsed.
    const lower = (
      await draft(patientId, 'clarithromycin', { replaces: clarithromycin, frequency: { kind: 'times_a_day', times: 1 } })
    ).json().id as string;
    expect(interactionAlerts(await check(lower)).every((a) => a.collapsed !== null)).toBe(true);
  });

  it('returns in full when the drug was stopped and started again (a new therapy, not a replacement)', async () => {
    const { patientId, clarithromycin } = await overridden();
    const stop = await api(t, 'POST', `/api/v1/prescriptions/${clarithromycin}/stop`, {
      token: doctor.token,
      body: { reason: 'Course paused' },
    });
    expect(stop.statusCode).toBe(200);
    await later(DAY);
    const restart = (await draft(patientId, 'clarithromycin')).json().id as string;
    const alerts = interactionAlerts(await check(restart));
    expect(alerts.length).toBeGreaterThan(0);
    expect(alerts.every((a) => a.collapsed === null)).toBe(true);
    expect((await sign(restart)).statusCode).toBe(422);
  });

  it('returns in full after 12 months (the injected clock), and a fresh reason then starts a new collapse', async () => {
    const { patientId, clarithromycin } = await overridden();
    await later(364 * DAY);
    const within = (await draft(patientId, 'clarithromycin', { replaces: clarithromycin })).json().id as string;
    expect(interactionAlerts(await check(within)).every((a) => a.collapsed !== null)).toBe(true);
    await later(2 * DAY);
    const after = interactionAlerts(await check(within));
    expect(after.every((a) => a.collapsed === null)).toBe(true);
    expect((await sign(within)).statusCode).toBe(422);
    const res = await sign(
      within,
      after.map((a) => ({ key: a.key, reason: 'Reviewed again at one year' })),
    );
    expect(res.statusCode).toBe(200);
    const next = (await draft(patientId, 'clarithromycin', { replaces: within })).json().id as string;
    const again = interactionAlerts(await check(next));
    expect(again.every((a) => a.collapsed?.reason === 'Reviewed again at one year')).toBe(true);
  });

  it('returns in full for a different prescriber', async () => {
    const { patientId, clarithromycin } = await overridden();
    const byColleague = (await draft(patientId, 'clarithromycin', { replaces: clarithromycin }, colleague.token)).json().id as string;
    const alerts = interactionAlerts(await check(byColleague, colleague.token));
    expect(alerts.length).toBeGreaterThan(0);
    expect(alerts.every((a) => a.collapsed === null)).toBe(true);
    expect((await sign(byColleague, [], colleague.token)).statusCode).toBe(422);
  });
});
