import { and, eq } from 'drizzle-orm';
import pino from 'pino';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../../platform/audit/audit.tables.js';
import { hl7InboundMessages, receiveInboundMessage } from '../../platform/hl7/index.js';
import { clinicalAlerts } from '../clinical-alerts/index.js';
import { api, useTestApp } from '../../../test/helpers/app.js';
import { createAccount, createPatientRecord, type TestAccount } from '../../../test/helpers/actors.js';
import { PageSession } from '../../../test/helpers/browser.js';
import { oruMessage } from '../../../test/helpers/hl7-messages.js';
import { putOnCareTeam } from '../../../test/helpers/patients.js';
import { fileInboundLabResult, labOrders, labResults } from './index.js';

const t = useTestApp();
let doctor: TestAccount;
let tech: TestAccount;
let tech2: TestAccount;
let patient: { id: string; mrn: string };
let other: { id: string; mrn: string };

beforeAll(async () => {
  doctor = await createAccount(t, { role: 'doctor' });
  tech = await createAccount(t, { role: 'lab_technician' });
  tech2 = await createAccount(t, { role: 'lab_technician' });
  patient = await createPatientRecord(t, { sex: 'male', birthDate: '1960-03-02' });
  other = await createPatientRecord(t, { sex: 'female', birthDate: '1980-05-05' });
  await putOnCareTeam(t, patient.id, doctor.staffId!);
  await putOnCareTeam(t, other.id, doctor.staffId!);
});

const body = (accession: string) => [
  `ORC|RE|PLC-1|${accession}||CM`,
  `OBR|1|PLC-1|${accession}^CITYLAB|51990-0^Basic metabolic panel^LN|||20261127074500|||||||||1234^SMITH^ANNA|||||||20261127081000||CH|F`,
  'OBX|1|NM|2823-3^Potassium^LN||6.8|mmol/L|3.5-5.1|HH|||F|||20261127080500+0000',
  'OBX|2|NM|2951-2^Sodium^LN||139|mmol/L|135-145|N|||F|||20261127080500+0000',
];

async function receive(controlId: string, mrn: string, accession: string, segments = body(accession)): Promise<string> {
  const decision = await receiveInboundMessage(
    {
      db: t.db,
      clock: t.clock.now,
      encryptor: t.app.deps.encryptor,
      logger: pino({ level: 'silent' }),
      senders: [{ application: 'LIS', facility: 'CITYLAB' }],
      fileResult: (input) => fileInboundLabResult(t.db, t.clock.now(), input),
    },
    oruMessage({ controlId, pid3: `${mrn}^^^HOSP^MR`, body: segments }),
    '127.0.0.1',
  );
  expect(decision.status).toBe('unmatched');
  return decision.messageId;
}

async function collectedOrder(patientId: string) {
  const order = (
    await api(t, 'POST', `/api/v1/patients/${patientId}/lab-orders`, {
      token: doctor.token,
      body: { item: 'BMP', priority: 'stat', indication: 'Weakness' },
    })
  ).json<{ id: string }>();
  const collected = (await api(t, 'POST', `/api/v1/lab-orders/${order.id}/collect`, { token: tech.token, body: {} })).json<{
    accessionNumber: string;
  }>();
  return { id: order.id, accession: collected.accessionNumber };
}

describe('lab reconciliation', () => {
  it('lists unmatched results with the accession and MRN sent (audited once), shows candidates side by side, files once with confirmation', async () => {
    const order = await collectedOrder(patient.id);
    // The right patient's MRN, a wrong accession: no order has it.
    const messageId = await receive('REC-1', patient.mrn, 'ACC-UNKNOWN-1');

    const list = await api(t, 'GET', '/api/v1/lab/reconciliation', { token: tech.token });
    expect(list.statusCode).toBe(200);
    const item = list
      .json<{ items: { id: string; groups: { reason: string; accessionNumber: string; patientMrn: string }[] }[] }>()
      .items.find((i) => i.id === messageId);
    expect(item!.groups).toEqual([
      expect.objectContaining({ reason: 'no_order', accessionNumber: 'ACC-UNKNOWN-1', patientMrn: patient.mrn }),
    ]);
    const listAudit = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'lab_reconciliation.list'), eq(auditEvents.actorUserId, tech.userId)));
    expect(listAudit).toHaveLength(1);

    const page = new PageSession(t, tech.cookie);
    const queue = await page.get('/lab/reconciliation');
    expect(queue.statusCode).toBe(200);
    expect(queue.body).toContain('ACC-UNKNOWN-1');
    expect(queue.body).toContain('No order has this accession number');
    expect(queue.body).not.toContain('MSH|');

    const detail = await api(t, 'GET', `/api/v1/lab/reconciliation/${messageId}`, { token: tech.token });
    expect(detail.statusCode).toBe(200);
    const d = detail.json<{
      results: { loinc: string; value: number }[];
      candidates: { orderId: string; matchesMrn: boolean; matchesAccession: boolean }[];
    }>();
    expect(d.results.map((r) => [r.loinc, r.value])).toEqual([
      ['2823-3', 6.8],
      ['2951-2', 139],
    ]);
    expect(d.candidates).toEqual([expect.objectContaining({ orderId: order.id, matchesMrn: true, matchesAccession: false })]);
    const itemPage = await page.get(`/lab/reconciliation/${messageId}`);
    expect(itemPage.statusCode).toBe(200);
    expect(itemPage.body).toContain('I have checked the patient is the same person');

    // Without the confirmation: refused, nothing filed.
    const unconfirmed = await api(t, 'POST', `/api/v1/lab/reconciliation/${messageId}/file`, {
      token: tech.token,
      body: { group: 0, orderId: order.id, patientId: patient.id, confirmedSamePerson: false },
    });
    expect(unconfirmed.statusCode).toBe(400);
    // The order is not the confirmed patient's: refused.
    const wrongPatient = await api(t, 'POST', `/api/v1/lab/reconciliation/${messageId}/file`, {
      token: tech.token,
      body: { group: 0, orderId: order.id, patientId: other.id, confirmedSamePerson: true },
    });
    expect(wrongPatient.statusCode).toBe(422);
    expect(await t.db.select().from(labResults).where(eq(labResults.orderId, order.id))).toHaveLength(0);

    const filed = await api(t, 'POST', `/api/v1/lab/reconciliation/${messageId}/file`, {
      token: tech.token,
      body: { group: 0, orderId: order.id, patientId: patient.id, confirmedSamePerson: true },
    });
    expect(filed.statusCode).toBe(200);
    expect(filed.json()).toMatchObject({ orderId: order.id, filed: 2, alerts: 1, messageStatus: 'filed' });
    const results = await t.db.select().from(labResults).where(eq(labResults.orderId, order.id));
    expect(results.map((r) => [r.testCode, r.value, r.flag]).sort()).toEqual([
      ['K', 6.8, 'critical_high'],
      ['NA', 139, 'normal'],
    ]);
    const alerts = await t.db.select().from(clinicalAlerts).where(eq(clinicalAlerts.patientId, patient.id));
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ kind: 'critical_result', responsibleUserId: doctor.userId });
    const [message] = await t.db.select().from(hl7InboundMessages).where(eq(hl7InboundMessages.id, messageId));
    expect(message).toMatchObject({ status: 'filed', settledBy: tech.userId });
    expect(message!.settledAt).toEqual(t.clock.now());
    const [orderRow] = await t.db.select().from(labOrders).where(eq(labOrders.id, order.id));
    expect(orderRow!.status).toBe('resulted');
    const fileAudit = await t.db.select().from(auditEvents).where(eq(auditEvents.action, 'lab_reconciliation.file'));
    expect(fileAudit).toEqual([expect.objectContaining({ patientId: patient.id, resourceId: order.id })]);

    // A second person filing the same message: 409 (it is no longer waiting).
    const again = await api(t, 'POST', `/api/v1/lab/reconciliation/${messageId}/file`, {
      token: tech2.token,
      body: { group: 0, orderId: order.id, patientId: patient.id, confirmedSamePerson: true },
    });
    expect(again.statusCode).toBe(409);
    expect(
      (await api(t, 'GET', '/api/v1/lab/reconciliation', { token: tech.token })).json<{ items: { id: string }[] }>().items.map((i) => i.id),
    ).not.toContain(messageId);
  });

  it('the compare-and-set: two people settling the same message, the second gets 409', async () => {
    const order = await collectedOrder(patient.id);
    const messageId = await receive('REC-RACE', patient.mrn, 'ACC-UNKNOWN-RACE');
    const input = { group: 0, orderId: order.id, patientId: patient.id, confirmedSamePerson: true };
    const [a, b] = await Promise.all([
      api(t, 'POST', `/api/v1/lab/reconciliation/${messageId}/file`, { token: tech.token, body: input }),
      api(t, 'POST', `/api/v1/lab/reconciliation/${messageId}/reject`, { token: tech2.token, body: { group: 0, reason: 'Not ours' } }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
  });

  it('an accession of another patient shows both candidates; the technician rejects with a reason', async () => {
    const otherOrder = await collectedOrder(other.id);
    const messageId = await receive('REC-2', patient.mrn, otherOrder.accession);
    const d = (await api(t, 'GET', `/api/v1/lab/reconciliation/${messageId}`, { token: tech.token })).json<{
      group: { reason: string };
      candidates: { orderId: string; matchesAccession: boolean; patient: { id: string } }[];
    }>();
    expect(d.group.reason).toBe('other_patient');
    expect(d.candidates.find((c) => c.orderId === otherOrder.id)).toMatchObject({ matchesAccession: true, patient: { id: other.id } });

    const empty = await api(t, 'POST', `/api/v1/lab/reconciliation/${messageId}/reject`, {
      token: tech.token,
      body: { group: 0, reason: '' },
    });
    expect(empty.statusCode).toBe(400);
    const page = new PageSession(t, tech.cookie);
    expect((await page.get(`/lab/reconciliation/${messageId}`)).statusCode).toBe(200);
    const blank = await page.post(`/lab/reconciliation/${messageId}/reject`, { group: '0', reason: ' ' });
    expect(blank.headers.location).toContain('problem=reason');
    expect((await page.get(blank.headers.location as string)).body).toContain('Give the reason for rejecting these results.');
    const rejected = await page.post(`/lab/reconciliation/${messageId}/reject`, {
      group: '0',
      reason: 'Sent for a patient of another hospital',
    });
    expect(rejected.statusCode).toBe(303);
    const [message] = await t.db.select().from(hl7InboundMessages).where(eq(hl7InboundMessages.id, messageId));
    expect(message).toMatchObject({ status: 'rejected', settledBy: tech.userId, settledReason: 'Sent for a patient of another hospital' });
    expect(await t.db.select().from(labResults).where(eq(labResults.orderId, otherOrder.id))).toHaveLength(0);
    const audit = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'lab_reconciliation.reject'), eq(auditEvents.resourceId, messageId)));
    expect(audit).toHaveLength(1);
  });

  it('an outside laboratory’s own filler number in OBR-3 and our accession in OBR-2: the order our placer number names is offered, saying why, and filing against it works', async () => {
    const order = await collectedOrder(patient.id);
    const mrnOrder = await collectedOrder(other.id);
    // Sent out: OBR-2 is our accession, OBR-3 the laboratory's own number (unknown to us); the MRN
    // is the other patient's, so the filer held it (the MRN does not match the order).
    const sentOut = [
      `ORC|RE|${order.accession}^CAREWELL|CL-55001^CITYLAB||CM`,
      `OBR|1|${order.accession}^CAREWELL|CL-55001^CITYLAB|51990-0^Basic metabolic panel^LN|||20261127074500`,
      'OBX|1|NM|2823-3^Potassium^LN||4.2|mmol/L|3.5-5.1|N|||F|||20261127080500+0000',
    ];
    const messageId = await receive('REC-PLACER', other.mrn, 'CL-55001', sentOut);
    const d = (await api(t, 'GET', `/api/v1/lab/reconciliation/${messageId}`, { token: tech.token })).json<{
      group: { reason: string; accessionNumber: string };
      numbers: { placer: string | null; filler: string | null };
      candidates: { orderId: string; matchesAccession: boolean; matchesMrn: boolean; offeredBecause: string[] }[];
    }>();
    expect(d.group).toMatchObject({ reason: 'other_patient', accessionNumber: 'CL-55001' });
    expect(d.numbers).toEqual({ placer: order.accession, filler: 'CL-55001' });
    // Our placer number's order first, then the MRN's patient's orders; each once.
    expect(d.candidates[0]).toMatchObject({ orderId: order.id, matchesAccession: true, matchesMrn: false, offeredBecause: ['placer'] });
    expect(d.candidates.find((c) => c.orderId === mrnOrder.id)).toMatchObject({ matchesAccession: false, offeredBecause: ['mrn'] });
    expect(new Set(d.candidates.map((c) => c.orderId)).size).toBe(d.candidates.length);

    const page = new PageSession(t, tech.cookie);
    const itemPage = await page.get(`/lab/reconciliation/${messageId}`);
    expect(itemPage.statusCode).toBe(200);
    expect(itemPage.body).toContain('Placer number sent (OBR-2)');
    expect(itemPage.body).toContain('its accession number is our number the laboratory sent back in OBR-2 (placer number)');
    expect(itemPage.body).toContain('its patient has the MRN sent (PID-3)');
    const filed = await page.post(`/lab/reconciliation/${messageId}/file`, {
      group: '0',
      orderId: order.id,
      patientId: patient.id,
      confirmedSamePerson: 'true',
    });
    expect(filed.statusCode).toBe(303);
    expect(filed.headers.location).toBe('/lab/reconciliation?done=1');
    const results = await t.db.select().from(labResults).where(eq(labResults.orderId, order.id));
    expect(results.map((r) => [r.testCode, r.value, r.flag])).toEqual([['K', 4.2, 'normal']]);
    const [message] = await t.db.select().from(hl7InboundMessages).where(eq(hl7InboundMessages.id, messageId));
    expect(message).toMatchObject({ status: 'filed', settledBy: tech.userId });
  });

  it('a doctor cannot see the queue or file', async () => {
    const messageId = await receive('REC-3', patient.mrn, 'ACC-UNKNOWN-3');
    expect((await api(t, 'GET', '/api/v1/lab/reconciliation', { token: doctor.token })).statusCode).toBe(403);
    expect((await api(t, 'GET', `/api/v1/lab/reconciliation/${messageId}`, { token: doctor.token })).statusCode).toBe(403);
    const dr = new PageSession(t, doctor.cookie);
    expect((await dr.get('/lab/reconciliation')).statusCode).toBe(403);
  });
});
