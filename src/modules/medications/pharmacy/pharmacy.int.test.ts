import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, useTestApp } from '../../../../test/helpers/app.js';
import { createAccount, type TestAccount } from '../../../../test/helpers/actors.js';
import { putOnCareTeam } from '../../../../test/helpers/patients.js';
import { countAppStatements } from '../../../../test/helpers/query-count.js';
import { auditEvents } from '../../../platform/audit/audit.tables.js';
import { outbox } from '../../../platform/outbox/outbox.tables.js';
import { addDays, localDateOf } from '../../../platform/time/zoned-time.js';
import { notifications } from '../../notifications/index.js';
import { patients } from '../../patients/index.js';
import { medicationProducts } from '../medications.tables.js';
import { seedFormularyProducts } from '../medications.seed.js';
import { pharmacyQueries, prescriptionDispenses, prescriptionVerifications } from './pharmacy.tables.js';

describe('pharmacy: verification queue, queries, dispensing (API)', () => {
  const t = useTestApp();
  let doctor: TestAccount;
  let pharmacist: TestAccount;
  let nurse: TestAccount;
  let patientId: string;
  const product: Record<string, string> = {};

  beforeAll(async () => {
    doctor = await createAccount(t, { role: 'doctor', givenName: 'Ada', familyName: 'Prescriber' });
    pharmacist = await createAccount(t, { role: 'pharmacist', givenName: 'Phil', familyName: 'Pharma' });
    nurse = await createAccount(t, { role: 'nurse' });
    const patient = await createAccount(t, { role: 'patient', givenName: 'Pat', familyName: 'Queue' });
    patientId = patient.patientId!;
    // The pharmacist is NOT on the care team: the pharmacy reaches signed prescriptions by its own basis.
    await putOnCareTeam(t, patientId, doctor.staffId!);
    await putOnCareTeam(t, patientId, nurse.staffId!);
    await t.db.update(patients).set({ allergyStatus: 'no_known_allergies' }).where(eq(patients.id, patientId));
    await seedFormularyProducts(t.db, t.clock.now(), pharmacist.userId, [
      { name: 'Simvastatin 20 mg tablet', doseForm: 'tablet', route: 'oral', ingredients: [['36567', 20, 'mg']] },
      { name: 'Clarithromycin 500 mg tablet', doseForm: 'tablet', route: 'oral', ingredients: [['21212', 500, 'mg']] },
      { name: 'Amoxicillin 500 mg capsule', doseForm: 'capsule', route: 'oral', ingredients: [['723', 500, 'mg']] },
      { name: 'Ibuprofen 400 mg tablet', doseForm: 'tablet', route: 'oral', ingredients: [['5640', 400, 'mg']] },
    ]);
    for (const row of await t.db.select().from(medicationProducts)) product[row.name.split(' ')[0]!.toLowerCase()] = row.id;
  });

  /** Drafts and signs (overriding whatever needs it, with a recognisable reason); a minute passes between prescriptions. */
  async function signed(name: string, over: Record<string, unknown> = {}) {
    t.clock.advance(60_000);
    const res = await api(t, 'POST', '/api/v1/prescriptions', {
      token: doctor.token,
      body: {
        patientId,
        productId: product[name],
        dose: { value: 1, unit: '{tablet}' },
        frequency: { kind: 'times_a_day', times: 2 },
        startsAt: t.clock.now().toISOString(),
        durationDays: 5,
        quantity: { value: 10, unit: '{tablet}' },
        refills: 1,
        ...over,
      },
    });
    expect(res.statusCode).toBe(201);
    const id = res.json().id as string;
    const alerts = (await api(t, 'POST', `/api/v1/prescriptions/${id}/check`, { token: doctor.token })).json().alerts as {
      key: string;
      requiresOverride: boolean;
    }[];
    const sign = await api(t, 'POST', `/api/v1/prescriptions/${id}/sign`, {
      token: doctor.token,
      body: { overrides: alerts.filter((a) => a.requiresOverride).map((a) => ({ key: a.key, reason: 'Benefit outweighs the risk' })) },
    });
    expect(sign.statusCode).toBe(200);
    return id;
  }
  const today = () => localDateOf(t.clock.now(), 'UTC');
  const verify = (id: string, body: unknown = { decision: 'verified' }, token = pharmacist.token) =>
    api(t, 'POST', `/api/v1/prescriptions/${id}/verification`, { token, body });
  const dispense = (id: string, key: string | undefined, body: Record<string, unknown> = {}) =>
    api(t, 'POST', `/api/v1/prescriptions/${id}/dispenses`, {
      token: pharmacist.token,
      headers: key ? { 'idempotency-key': key } : {},
      body: { quantity: { value: 10, unit: '{tablet}' }, lotNumber: 'LOT-A1', expiresOn: addDays(today(), 200), ...body },
    });

  let simvastatin: string;
  let clarithromycin: string;

  it('queues signed prescriptions oldest first, with names, prescriber and whether an alert was overridden', async () => {
    simvastatin = await signed('simvastatin');
    clarithromycin = await signed('clarithromycin'); // ONC: interacts with simvastatin → overridden
    // A draft is not in the pharmacy's queue.
    await api(t, 'POST', '/api/v1/prescriptions', {
      token: doctor.token,
      body: {
        patientId,
        productId: product.ibuprofen,
        dose: { value: 1, unit: '{tablet}' },
        frequency: { kind: 'times_a_day', times: 1 },
        startsAt: t.clock.now().toISOString(),
        durationDays: 3,
      },
    });
    const res = await api(t, 'GET', '/api/v1/pharmacy/queue', { token: pharmacist.token });
    expect(res.statusCode).toBe(200);
    const items = res.json().items as Record<string, unknown>[];
    expect(items.map((i) => i.prescriptionId)).toEqual([simvastatin, clarithromycin]);
    expect(items[0]).toMatchObject({
      patient: { name: 'Pat Queue' },
      prescriber: { name: 'Ada Prescriber' },
      hasOverride: false,
      openQuery: false,
    });
    expect(items[1]).toMatchObject({
      hasOverride: true,
      product: { name: 'Clarithromycin 500 mg tablet' },
      dose: { value: 1, unit: '{tablet}' },
    });
    const audits = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'prescription.pharmacy_queue'), eq(auditEvents.patientId, patientId)));
    expect(audits).toHaveLength(1);
    expect(audits[0]!.actorUserId).toBe(pharmacist.userId);

    const paged = await api(t, 'GET', '/api/v1/pharmacy/queue?limit=1', { token: pharmacist.token });
    expect(paged.json().items).toHaveLength(1);
    const next = await api(t, 'GET', `/api/v1/pharmacy/queue?limit=1&cursor=${paged.json().nextCursor}`, { token: pharmacist.token });
    expect(next.json().items.map((i: { prescriptionId: string }) => i.prescriptionId)).toEqual([clarithromycin]);
    expect((await api(t, 'GET', '/api/v1/pharmacy/queue?cursor=zzz', { token: pharmacist.token })).statusCode).toBe(400);
    expect((await api(t, 'GET', '/api/v1/pharmacy/queue', { token: doctor.token })).statusCode).toBe(403);
  });

  it('shows the pharmacist every overridden alert: both drugs, severity, source and the reason', async () => {
    const res = await api(t, 'GET', `/api/v1/prescriptions/${clarithromycin}/verification`, { token: pharmacist.token });
    expect(res.statusCode).toBe(200);
    const view = res.json();
    const overridden = (view.alerts as Record<string, unknown>[]).filter((a) => a.overrideReason !== null);
    expect(overridden.length).toBeGreaterThan(0);
    expect(overridden[0]).toMatchObject({
      drug: 'Clarithromycin 500 mg tablet',
      otherDrug: 'Simvastatin 20 mg tablet',
      overrideReason: 'Benefit outweighs the risk',
    });
    expect(overridden[0]!.severity).toBeTruthy();
    expect(overridden[0]!.sourceEdition).toBeTruthy();
    expect(view.verification).toBeNull();
    expect(view.allowedTotal).toEqual({ value: 20, unit: '{tablet}' });
    const [audit] = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'prescription.pharmacy_read'), eq(auditEvents.resourceId, clarithromycin)));
    expect(audit).toMatchObject({ patientId, outcome: 'success', detail: { basis: 'pharmacy' } });
  });

  it('answers 404 for an unknown prescription or a draft, with a denied audit row', async () => {
    const unknown = '00000000-0000-4000-8000-000000000001';
    const res = await api(t, 'GET', `/api/v1/prescriptions/${unknown}/verification`, { token: pharmacist.token });
    expect(res.statusCode).toBe(404);
    const denied = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.resourceId, unknown), eq(auditEvents.outcome, 'denied')));
    expect(denied).toHaveLength(1);
    expect((await verify(unknown)).statusCode).toBe(404);
    expect((await api(t, 'GET', '/api/v1/prescriptions/not-a-uuid/verification', { token: pharmacist.token })).statusCode).toBe(400);
  });

  it('asks the prescriber, who is notified without clinical details outside the app, answers, and then it can be verified', async () => {
    const bad = await api(t, 'POST', `/api/v1/prescriptions/${clarithromycin}/pharmacy-queries`, {
      token: pharmacist.token,
      body: { message: 'x' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('message');
    const asked = await api(t, 'POST', `/api/v1/prescriptions/${clarithromycin}/pharmacy-queries`, {
      token: pharmacist.token,
      body: { message: 'Could azithromycin do instead, given the statin?' },
    });
    expect(asked.statusCode).toBe(201);
    const query = asked.json();
    expect(query).toMatchObject({ answer: null, askedBy: { id: pharmacist.userId, name: 'Phil Pharma' } });
    // One open query at a time, and no verification while it is open.
    expect(
      (
        await api(t, 'POST', `/api/v1/prescriptions/${clarithromycin}/pharmacy-queries`, {
          token: pharmacist.token,
          body: { message: 'Another one?' },
        })
      ).statusCode,
    ).toBe(409);
    expect((await verify(clarithromycin)).statusCode).toBe(409);
    const queue = (await api(t, 'GET', '/api/v1/pharmacy/queue', { token: pharmacist.token })).json().items as {
      prescriptionId: string;
      openQuery: boolean;
    }[];
    expect(queue.find((i) => i.prescriptionId === clarithromycin)!.openQuery).toBe(true);

    const [notice] = await t.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, doctor.userId), eq(notifications.template, 'pharmacy.query_notice')));
    expect(notice!.link).toBe(`/staff/prescriptions/${clarithromycin}`);
    for (const message of await t.db.select().from(outbox).where(eq(outbox.recipientUserId, doctor.userId))) {
      expect(message.text).not.toMatch(/clarithromycin|azithromycin|statin/i);
      expect(message.subject).not.toMatch(/clarithromycin|statin/i);
    }

    // The prescriber sees it with the prescription and answers; a second answer is refused.
    const seen = await api(t, 'GET', `/api/v1/prescriptions/${clarithromycin}/pharmacy-queries`, { token: doctor.token });
    expect(seen.statusCode).toBe(200);
    expect(seen.json().items.map((q: { id: string }) => q.id)).toEqual([query.id]);
    expect(
      (
        await api(t, 'POST', `/api/v1/prescriptions/${clarithromycin}/pharmacy-queries/${query.id}/answer`, {
          token: pharmacist.token,
          body: { answer: 'x' },
        })
      ).statusCode,
    ).toBe(403);
    const answered = await api(t, 'POST', `/api/v1/prescriptions/${clarithromycin}/pharmacy-queries/${query.id}/answer`, {
      token: doctor.token,
      body: { answer: 'No: keep it, the statin is paused.' },
    });
    expect(answered.statusCode).toBe(200);
    expect(answered.json()).toMatchObject({ answer: 'No: keep it, the statin is paused.', answeredBy: { id: doctor.userId } });
    expect(
      (
        await api(t, 'POST', `/api/v1/prescriptions/${clarithromycin}/pharmacy-queries/${query.id}/answer`, {
          token: doctor.token,
          body: { answer: 'Again' },
        })
      ).statusCode,
    ).toBe(409);
    expect(
      (
        await api(t, 'POST', `/api/v1/prescriptions/${clarithromycin}/pharmacy-queries/00000000-0000-4000-8000-000000000002/answer`, {
          token: doctor.token,
          body: { answer: 'Hm' },
        })
      ).statusCode,
    ).toBe(404);
    const [notified] = await t.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, pharmacist.userId), eq(notifications.template, 'pharmacy.query_answered')));
    expect(notified).toBeDefined();

    const verified = await verify(clarithromycin);
    expect(verified.statusCode).toBe(201);
    expect(verified.json()).toMatchObject({ decision: 'verified', reason: null, decidedBy: { id: pharmacist.userId } });
    const rows = await t.db.select().from(pharmacyQueries).where(eq(pharmacyQueries.prescriptionId, clarithromycin));
    expect(rows).toHaveLength(1);
  });

  it('verifies once: a second decision is 409 and leaves one row; a rejection needs a reason and tells the prescriber', async () => {
    expect((await verify(simvastatin)).statusCode).toBe(201);
    const again = await verify(simvastatin, { decision: 'rejected', reason: 'Too late' });
    expect(again.statusCode).toBe(409);
    expect(
      await t.db.select().from(prescriptionVerifications).where(eq(prescriptionVerifications.prescriptionId, simvastatin)),
    ).toHaveLength(1);

    const amoxicillin = await signed('amoxicillin');
    const noReason = await verify(amoxicillin, { decision: 'rejected' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().errors[0].path).toBe('reason');
    expect((await verify(amoxicillin, { decision: 'verified', extra: 1 })).statusCode).toBe(400);
    expect((await verify(amoxicillin, { decision: 'verified' }, doctor.token)).statusCode).toBe(403);
    const rejected = await verify(amoxicillin, { decision: 'rejected', reason: 'Penicillin allergy reported at the counter' });
    expect(rejected.statusCode).toBe(201);
    expect(rejected.json()).toMatchObject({ decision: 'rejected', reason: 'Penicillin allergy reported at the counter' });
    const [notice] = await t.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, doctor.userId), eq(notifications.template, 'pharmacy.rejected_notice')));
    expect(notice).toBeDefined();
    // Rejected: never dispensed.
    expect((await dispense(amoxicillin, crypto.randomUUID())).statusCode).toBe(409);
    const audits = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'prescription.reject'), eq(auditEvents.resourceId, amoxicillin)));
    expect(audits).toHaveLength(1);
  });

  it('dispenses once per key: a retry returns the same dispense and writes no second row', async () => {
    expect((await dispense(simvastatin, undefined)).statusCode).toBe(400);
    const key = crypto.randomUUID();
    const first = await dispense(simvastatin, key);
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({
      quantity: { value: 10, unit: '{tablet}' },
      lotNumber: 'LOT-A1',
      dispensedOn: today(),
      dispensedBy: { id: pharmacist.userId },
    });
    const retry = await dispense(simvastatin, key);
    expect(retry.statusCode).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.json()).toEqual(first.json());
    expect(await t.db.select().from(prescriptionDispenses).where(eq(prescriptionDispenses.prescriptionId, simvastatin))).toHaveLength(1);
    // The same key with another body is refused, and writes nothing.
    expect((await dispense(simvastatin, key, { lotNumber: 'LOT-B2' })).statusCode).toBe(422);
    const audits = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'prescription.dispense'), eq(auditEvents.resourceId, simvastatin)));
    expect(audits).toHaveLength(1);
  });

  it('refuses bad dispenses: an expired lot (400), another unit (422), more than quantity × (1 + refills) (422), nothing written', async () => {
    const expired = await dispense(simvastatin, crypto.randomUUID(), { expiresOn: addDays(today(), -1) });
    expect(expired.statusCode).toBe(400);
    expect(expired.json().errors[0].path).toBe('expiresOn');
    expect((await dispense(simvastatin, crypto.randomUUID(), { expiresOn: today() })).statusCode).toBe(201); // expiring today is still usable
    const unit = await dispense(simvastatin, crypto.randomUUID(), { quantity: { value: 5, unit: 'mg' } });
    expect(unit.statusCode).toBe(422);
    expect(unit.json().errors[0].path).toBe('quantity.unit');
    const bad = await dispense(simvastatin, crypto.randomUUID(), { quantity: { value: 1, unit: 'not a unit' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('quantity.unit');
    // 20 allowed, 20 dispensed: one more is over.
    const over = await dispense(simvastatin, crypto.randomUUID(), { quantity: { value: 1, unit: '{tablet}' } });
    expect(over.statusCode).toBe(422);
    expect(over.json().errors[0].path).toBe('quantity.value');
    expect(await t.db.select().from(prescriptionDispenses).where(eq(prescriptionDispenses.prescriptionId, simvastatin))).toHaveLength(2);
    const partial = await dispense(clarithromycin, crypto.randomUUID(), { quantity: { value: 21, unit: '{tablet}' } });
    expect(partial.statusCode).toBe(422);
    expect(await t.db.select().from(prescriptionDispenses).where(eq(prescriptionDispenses.prescriptionId, clarithromycin))).toHaveLength(0);
  });

  it('lists dispenses per prescription with totals and pharmacy-wide, newest first, a page at a time', async () => {
    t.clock.advance(60_000);
    expect((await dispense(clarithromycin, crypto.randomUUID(), { quantity: { value: 4, unit: '{tablet}' } })).statusCode).toBe(201);
    const list = await api(t, 'GET', `/api/v1/prescriptions/${simvastatin}/dispenses`, { token: pharmacist.token });
    expect(list.statusCode).toBe(200);
    expect(list.json().items).toHaveLength(2);
    expect(list.json().dispensedTotal).toEqual({ value: 20, unit: '{tablet}' });
    expect(list.json().allowedTotal).toEqual({ value: 20, unit: '{tablet}' });
    expect((await api(t, 'GET', `/api/v1/prescriptions/${simvastatin}/dispenses`, { token: nurse.token })).statusCode).toBe(403);

    const recent = await api(t, 'GET', '/api/v1/pharmacy/dispenses?limit=2', { token: pharmacist.token });
    expect(recent.statusCode).toBe(200);
    const first = recent.json();
    expect(first.items[0]).toMatchObject({
      prescriptionId: clarithromycin,
      patient: { name: 'Pat Queue' },
      product: { name: 'Clarithromycin 500 mg tablet' },
    });
    expect(first.nextCursor).not.toBeNull();
    const second = (
      await api(t, 'GET', `/api/v1/pharmacy/dispenses?limit=2&cursor=${first.nextCursor}`, { token: pharmacist.token })
    ).json();
    expect(second.items).toHaveLength(1);
    expect(second.nextCursor).toBeNull();

    // Fully dispensed prescriptions leave the "to dispense" list; the partly dispensed one stays.
    const toDispense = (await api(t, 'GET', '/api/v1/pharmacy/queue?stage=dispensing', { token: pharmacist.token })).json().items as {
      prescriptionId: string;
    }[];
    expect(toDispense.map((i) => i.prescriptionId)).toEqual([clarithromycin]);
  });

  it('refuses to dispense a stopped prescription (409)', async () => {
    expect(
      (await api(t, 'POST', `/api/v1/prescriptions/${clarithromycin}/stop`, { token: doctor.token, body: { reason: 'Course changed' } }))
        .statusCode,
    ).toBe(200);
    expect((await dispense(clarithromycin, crypto.randomUUID(), { quantity: { value: 1, unit: '{tablet}' } })).statusCode).toBe(409);
    expect(await t.db.select().from(prescriptionDispenses).where(eq(prescriptionDispenses.prescriptionId, clarithromycin))).toHaveLength(1);
  });

  it('reads the queue in a fixed number of statements however many patients it shows (no N+1)', async () => {
    await signed('ibuprofen');
    const counter = countAppStatements(t);
    const measure = async () => {
      counter.reset();
      const res = await api(t, 'GET', '/api/v1/pharmacy/queue', { token: pharmacist.token });
      expect(res.statusCode).toBe(200);
      // The session's "last seen" touch depends on the clock moving, not on the queue: left out.
      const statements = counter.statements().filter((q) => !q.includes('"sessions"')).length;
      return { statements, shown: (res.json().items as unknown[]).length };
    };
    const before = await measure();
    for (let i = 0; i < 3; i += 1) {
      const other = (await createAccount(t, { role: 'patient' })).patientId!;
      await putOnCareTeam(t, other, doctor.staffId!);
      await t.db.update(patients).set({ allergyStatus: 'no_known_allergies' }).where(eq(patients.id, other));
      await signed('ibuprofen', { patientId: other });
    }
    const after = await measure();
    expect(after.shown).toBe(before.shown + 3);
    expect(after.statements, counter.statements().join('\n')).toBe(before.statements);
  });
});
