import { and, eq, like } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { outbox } from '../../platform/outbox/outbox.tables.js';
import { createOutboxDelivery } from '../../platform/outbox/delivery/outbox-delivery.js';
import { createLogger } from '../../platform/logger.js';
import { api, useTestApp, type TestApp } from '../../../test/helpers/app.js';
import { createAccount, createPatientRecord, type TestAccount } from '../../../test/helpers/actors.js';
import { PageSession } from '../../../test/helpers/browser.js';
import { putOnCareTeam } from '../../../test/helpers/patients.js';
import { labOrders } from './index.js';

interface Order {
  id: string;
  sendOut: boolean;
  accessionNumber: string | null;
  version: number;
}

async function people(t: TestApp) {
  const doctor = await createAccount(t, { role: 'doctor' });
  const tech = await createAccount(t, { role: 'lab_technician' });
  const admin = await createAccount(t, { role: 'admin' });
  const patient = await createPatientRecord(t, { sex: 'female', birthDate: '1970-01-01', familyName: 'Haddad', givenName: 'Lina' });
  await putOnCareTeam(t, patient.id, doctor.staffId!);
  return { doctor, tech, admin, patient };
}

const order = (t: TestApp, doctor: TestAccount, patientId: string, body: Record<string, unknown>) =>
  api(t, 'POST', `/api/v1/patients/${patientId}/lab-orders`, {
    token: doctor.token,
    body: { priority: 'urgent', indication: 'Diabetes follow-up', ...body },
  });

const hl7Rows = (t: TestApp, accession: string) =>
  t.db
    .select()
    .from(outbox)
    .where(and(eq(outbox.channel, 'hl7'), like(outbox.messageId, `hl7-orm:${accession}:%`)));

describe('orders sent to the outside laboratory (no laboratory connected: the catalogue decides)', () => {
  const t = useTestApp();
  let p: Awaited<ReturnType<typeof people>>;

  beforeAll(async () => {
    p = await people(t);
    // A lab administrator marks HbA1c as performed by the outside laboratory.
    const catalogue = (await api(t, 'GET', '/api/v1/lab/catalogue', { token: p.admin.token })).json<{
      tests: { code: string; name: string; unit: string; specimen: string; molarMass: number | null; ranges: unknown[]; version: number }[];
    }>();
    const a1c = catalogue.tests.find((x) => x.code === 'HBA1C')!;
    const saved = await api(t, 'PUT', '/api/v1/lab/catalogue/tests/HBA1C', {
      token: p.admin.token,
      body: {
        name: a1c.name,
        unit: a1c.unit,
        specimen: a1c.specimen,
        molarMass: a1c.molarMass,
        ranges: a1c.ranges,
        active: true,
        version: a1c.version,
        performedBy: 'outside_lab',
      },
    });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({ performedBy: 'outside_lab' });
  });

  it('queues exactly one encrypted ORM^O01 NW at collection, in the same transaction, and CA at cancellation', async () => {
    const placed = await order(t, p.doctor, p.patient.id, { item: 'HBA1C', fasting: true });
    expect(placed.statusCode).toBe(201);
    const ordered = placed.json<Order>();
    expect(ordered).toMatchObject({ sendOut: true, accessionNumber: null });
    // Nothing goes before collection: the placer number is the accession, given at collection.
    expect(await t.db.select().from(outbox).where(eq(outbox.channel, 'hl7'))).toHaveLength(0);

    const collected = (await api(t, 'POST', `/api/v1/lab-orders/${ordered.id}/collect`, { token: p.tech.token, body: {} })).json<Order>();
    const accession = collected.accessionNumber!;
    const rows = await hl7Rows(t, accession);
    expect(rows).toHaveLength(1);
    const [row] = rows;
    expect(row).toMatchObject({
      messageId: `hl7-orm:${accession}:new`,
      template: 'hl7.orm_o01',
      status: 'pending',
      recipient: 'LIS^OUTSIDELAB',
    });
    // Encrypted at rest: neither the patient's name nor the MRN nor the order number in clear.
    for (const secret of ['Haddad', p.patient.mrn, accession]) expect(row!.text).not.toContain(secret);
    const message = t.app.deps.encryptor.decrypt(row!.text);
    const segments = message.split('\r');
    expect(segments[0]).toMatch(/^MSH\|\^~\\&\|CAREWELL\|CAREWELL\|LIS\|OUTSIDELAB\|\d{14}\+0000\|\|ORM\^O01/);
    expect(segments[0]!.split('|')[9]).toBe((row!.metadata as { controlId: string }).controlId);
    expect(message).toContain(`PID|1||${p.patient.mrn}^^^CAREWELL^MR||Haddad^Lina||19700101|F`);
    expect(segments.find((s) => s.startsWith('ORC|'))).toMatch(new RegExp(`^ORC\\|NW\\|${accession}\\^CAREWELL\\|`));
    expect(segments.find((s) => s.startsWith('OBR|'))).toMatch(
      new RegExp(`^OBR\\|1\\|${accession}\\^CAREWELL\\|\\|4548-4\\^Hemoglobin A1c\\^LN`),
    );
    expect(message).toContain('NTE|1||Diabetes follow-up; Fasting');

    // The order's page says it was sent out and how delivery stands, in words.
    const page = await new PageSession(t, p.doctor.cookie).get(`/lab/orders/${ordered.id}`);
    expect(page.body).toContain('Sent to the outside laboratory');
    expect(page.body).toContain('Waiting to be sent');
    // Without a laboratory connected the outbox holds it: the page says so.
    const delivery = createOutboxDelivery({ db: t.db, transports: {}, clock: t.clock.now, logger: createLogger('silent') });
    await delivery.deliverDue();
    expect((await hl7Rows(t, accession))[0]).toMatchObject({ status: 'captured' });
    expect((await new PageSession(t, p.doctor.cookie).get(`/lab/orders/${ordered.id}`)).body).toContain(
      'Held: no outside laboratory is connected',
    );

    const cancelled = await api(t, 'POST', `/api/v1/lab-orders/${ordered.id}/cancel`, {
      token: p.doctor.token,
      body: { reason: 'Duplicate' },
    });
    expect(cancelled.statusCode).toBe(200);
    const both = await hl7Rows(t, accession);
    expect(both).toHaveLength(2);
    const cancel = both.find((r) => r.messageId === `hl7-orm:${accession}:cancel`)!;
    expect(t.app.deps.encryptor.decrypt(cancel.text)).toMatch(new RegExp(`\\rORC\\|CA\\|${accession}\\^CAREWELL\\|`));
  });

  it('an in-house order queues nothing; a send-out order cancelled before collection sends nothing; asking to send out with no laboratory connected is 422', async () => {
    const before = (await t.db.select().from(outbox).where(eq(outbox.channel, 'hl7'))).length;
    const inHouse = (await order(t, p.doctor, p.patient.id, { item: 'K' })).json<Order>();
    expect(inHouse.sendOut).toBe(false);
    const collected = (await api(t, 'POST', `/api/v1/lab-orders/${inHouse.id}/collect`, { token: p.tech.token, body: {} })).json<Order>();
    await api(t, 'POST', `/api/v1/lab-orders/${inHouse.id}/cancel`, { token: p.doctor.token, body: { reason: 'Not needed' } });
    expect(await hl7Rows(t, collected.accessionNumber!)).toHaveLength(0);

    const early = (await order(t, p.doctor, p.patient.id, { item: 'HBA1C' })).json<Order>();
    await api(t, 'POST', `/api/v1/lab-orders/${early.id}/cancel`, { token: p.doctor.token, body: { reason: 'Not needed' } });
    expect((await t.db.select().from(outbox).where(eq(outbox.channel, 'hl7'))).length).toBe(before);

    const ordersBefore = (await t.db.select().from(labOrders).where(eq(labOrders.patientId, p.patient.id))).length;
    const refused = await order(t, p.doctor, p.patient.id, { item: 'K', sendOut: true });
    expect(refused.statusCode).toBe(422);
    expect(await t.db.select().from(labOrders).where(eq(labOrders.patientId, p.patient.id))).toHaveLength(ordersBefore);
    // The order form offers the choice only when a laboratory is connected.
    const form = await new PageSession(t, p.doctor.cookie).get(`/staff/patients/${p.patient.id}/lab-orders/new`);
    expect(form.body).not.toContain('name="sendOut"');
    expect(form.body).toContain('Hemoglobin A1c — Outside laboratory');
  });
});

describe('the doctor’s choice to send an in-house test out (a laboratory connected)', () => {
  const t = useTestApp({ env: { HL7_OUTBOUND_HOST: '127.0.0.1', HL7_OUTBOUND_PORT: '2575', HL7_OUTBOUND_RECEIVER: 'LIS^CITYLAB' } });

  it('the form offers it; the order goes out at collection to the configured laboratory', async () => {
    const p = await people(t);
    const dr = new PageSession(t, p.doctor.cookie);
    const form = await dr.get(`/staff/patients/${p.patient.id}/lab-orders/new`);
    expect(form.body).toContain('name="sendOut"');
    const placed = await dr.post(`/staff/patients/${p.patient.id}/lab-orders`, {
      item: 'BMP',
      priority: 'stat',
      indication: 'Analyser down',
      sendOut: 'true',
    });
    expect(placed.statusCode).toBe(303);
    const [row] = await t.db.select().from(labOrders).where(eq(labOrders.patientId, p.patient.id));
    expect(row).toMatchObject({ sendOut: true, itemCode: 'BMP' });
    const collected = (await api(t, 'POST', `/api/v1/lab-orders/${row!.id}/collect`, { token: p.tech.token, body: {} })).json<Order>();
    const [queued] = await hl7Rows(t, collected.accessionNumber!);
    expect(queued).toMatchObject({ recipient: 'LIS^CITYLAB', status: 'pending' });
    expect(t.app.deps.encryptor.decrypt(queued!.text)).toContain('|51990-0^Basic metabolic panel^LN|');
    // An in-house order without the choice stays here.
    const plain = (await order(t, p.doctor, p.patient.id, { item: 'K' })).json<Order>();
    expect(plain.sendOut).toBe(false);
  });
});
