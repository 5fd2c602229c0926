import { eq } from 'drizzle-orm';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobRunner } from '../../platform/jobs/job-runner.js';
import { hl7InboundMessages } from '../../platform/hl7/index.js';
import { clinicalAlerts } from '../clinical-alerts/index.js';
import { api, useTestApp } from '../../../test/helpers/app.js';
import { createAccount, createPatientRecord } from '../../../test/helpers/actors.js';
import { oruMessage } from '../../../test/helpers/hl7-messages.js';
import { MllpTestClient, readAck } from '../../../test/helpers/mllp-client.js';
import { putOnCareTeam } from '../../../test/helpers/patients.js';
import { labOrders, labResults, registerLabsInbound } from './index.js';

describe('HL7 ORU^R01 over MLLP, filed by the labs module’s filer', () => {
  const t = useTestApp();
  const inbound = Fastify();
  let port: number;

  beforeAll(async () => {
    // The labs register function's wiring, in a process that runs background work with a listener configured.
    inbound.decorate('deps', {
      ...t.app.deps,
      config: {
        ...t.config,
        runWorkers: true,
        hl7Inbound: {
          port: 0,
          host: '127.0.0.1',
          senders: [{ application: 'LIS', facility: 'CITYLAB' }],
          allowedAddresses: ['127.0.0.1'],
          tls: undefined,
        },
      },
      jobs: {} as JobRunner,
    });
    const listener = registerLabsInbound(inbound);
    await inbound.ready();
    port = listener()!.port;
  });
  afterAll(async () => {
    await inbound.close();
  });

  const body = (accession: string, potassium = '6.8') => [
    `ORC|RE|PLC-1|${accession}||CM`,
    `OBR|1|PLC-1|${accession}^CITYLAB|51990-0^Basic metabolic panel^LN|||20261127074500|||||||||1234^SMITH^ANNA|||||||20261127081000||CH|F`,
    `OBX|1|NM|2823-3^Potassium [Moles/volume] in Serum or Plasma^LN||${potassium}|mmol/L^millimole per liter^UCUM|3.5-5.1|HH|||F|||20261127080500+0000`,
    'NTE|1|L|Critical value phoned to ward',
    'OBX|2|NM|2951-2^Sodium^LN||139|mmol/L|135-145|N|||F|||20261127080500+0000',
  ];

  it('an ORU with potassium 6.8 mmol/L for a collected order files the result and raises one alert; a wrong MRN is held unmatched', async () => {
    const doctor = await createAccount(t, { role: 'doctor' });
    const tech = await createAccount(t, { role: 'lab_technician' });
    const patient = await createPatientRecord(t, { sex: 'male', birthDate: '1960-03-02' });
    const other = await createPatientRecord(t);
    await putOnCareTeam(t, patient.id, doctor.staffId!);
    const order = (
      await api(t, 'POST', `/api/v1/patients/${patient.id}/lab-orders`, {
        token: doctor.token,
        body: { item: 'BMP', priority: 'stat', indication: 'Weakness' },
      })
    ).json<{ id: string }>();
    const accession = (await api(t, 'POST', `/api/v1/lab-orders/${order.id}/collect`, { token: tech.token, body: {} })).json<{
      accessionNumber: string;
    }>().accessionNumber;

    const client = await MllpTestClient.connect(port);
    client.send(
      oruMessage({ controlId: 'LAB-1', pid3: `998877^^^HOSP^PI~${other.mrn}^^^HOSP^MR`, body: body(accession) }),
      oruMessage({ controlId: 'LAB-2', pid3: `998877^^^HOSP^PI~${patient.mrn}^^^HOSP^MR`, body: body(accession) }),
      oruMessage({ controlId: 'LAB-2', pid3: `998877^^^HOSP^PI~${patient.mrn}^^^HOSP^MR`, body: body(accession) }),
    );
    const acks = (await client.acknowledgements(3)).map(readAck);
    await client.end();
    expect(acks.map((a) => a.code)).toEqual(['AA', 'AA', 'AA']);
    expect(acks[2]!.reason).toMatch(/Duplicate/i);

    const messages = await t.db.select().from(hl7InboundMessages);
    const byControl = new Map(messages.map((m) => [m.controlId, m]));
    expect(byControl.get('LAB-1')).toMatchObject({ status: 'unmatched' });
    expect(byControl.get('LAB-1')!.reason).toMatch(/MRN does not match/);

    const results = await t.db.select().from(labResults).where(eq(labResults.orderId, order.id));
    expect(results.map((r) => [r.testCode, r.value, r.flag, r.source]).sort()).toEqual([
      ['K', 6.8, 'critical_high', 'hl7'],
      ['NA', 139, 'normal', 'hl7'],
    ]);
    const [orderRow] = await t.db.select().from(labOrders).where(eq(labOrders.id, order.id));
    expect(orderRow).toMatchObject({ status: 'resulted', resultStatus: 'final' });
    const alerts = await t.db.select().from(clinicalAlerts).where(eq(clinicalAlerts.patientId, patient.id));
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      kind: 'critical_result',
      responsibleUserId: doctor.userId,
      summary: 'Potassium 6.8 mmol/L (critical high)',
    });
  });

  it('an outside laboratory answers with its own filler number in OBR-3 and our accession in OBR-2: filed to that order, the filler number kept; mismatches go to reconciliation', async () => {
    const doctor = await createAccount(t, { role: 'doctor' });
    const tech = await createAccount(t, { role: 'lab_technician' });
    const patient = await createPatientRecord(t, { sex: 'female', birthDate: '1970-01-01' });
    const other = await createPatientRecord(t);
    await putOnCareTeam(t, patient.id, doctor.staffId!);
    const collect = async () => {
      const placed = (
        await api(t, 'POST', `/api/v1/patients/${patient.id}/lab-orders`, {
          token: doctor.token,
          body: { item: 'BMP', priority: 'routine', indication: 'Check' },
        })
      ).json<{ id: string }>();
      const collected = (await api(t, 'POST', `/api/v1/lab-orders/${placed.id}/collect`, { token: tech.token, body: {} })).json<{
        accessionNumber: string;
      }>();
      return { id: placed.id, accession: collected.accessionNumber };
    };
    const first = await collect();
    const second = await collect();
    const sentOut = (placer: string, filler: string) => [
      `ORC|RE|${placer}^CAREWELL|${filler}^CITYLAB||CM`,
      `OBR|1|${placer}^CAREWELL|${filler}^CITYLAB|51990-0^Basic metabolic panel^LN|||20261127074500`,
      'OBX|1|NM|2823-3^Potassium^LN||4.2|mmol/L|3.5-5.1|N|||F|||20261127080500+0000',
    ];
    const mine = `998877^^^HOSP^PI~${patient.mrn}^^^HOSP^MR`;
    const client = await MllpTestClient.connect(port);
    client.send(
      oruMessage({ controlId: 'OUT-1', pid3: mine, body: sentOut(second.accession, 'CL-778899') }),
      // Our accession with another patient's MRN: never filed.
      oruMessage({ controlId: 'OUT-2', pid3: `${other.mrn}^^^HOSP^MR`, body: sentOut(first.accession, 'CL-778900') }),
      // Neither number is ours.
      oruMessage({ controlId: 'OUT-3', pid3: mine, body: sentOut('A999999999', 'CL-778901') }),
      // The placer names one order and the filler another of the same patient: nothing is guessed.
      oruMessage({ controlId: 'OUT-4', pid3: mine, body: sentOut(first.accession, second.accession) }),
    );
    const acks = (await client.acknowledgements(4)).map(readAck);
    await client.end();
    expect(acks.map((a) => a.code)).toEqual(['AA', 'AA', 'AA', 'AA']);

    const byControl = new Map((await t.db.select().from(hl7InboundMessages)).map((m) => [m.controlId, m]));
    expect(byControl.get('OUT-1')).toMatchObject({ status: 'filed' });
    expect(byControl.get('OUT-2')).toMatchObject({ status: 'unmatched' });
    expect(byControl.get('OUT-2')!.reason).toMatch(/MRN does not match/);
    expect(byControl.get('OUT-3')).toMatchObject({ status: 'unmatched' });
    expect(byControl.get('OUT-3')!.reason).toMatch(/No order has this accession number/);
    expect(byControl.get('OUT-4')).toMatchObject({ status: 'unmatched' });
    expect(byControl.get('OUT-4')!.reason).toMatch(/two different orders/);

    const filed = await t.db.select().from(labResults).where(eq(labResults.orderId, second.id));
    expect(filed.map((r) => [r.testCode, r.value, r.source])).toEqual([['K', 4.2, 'hl7']]);
    expect(await t.db.select().from(labResults).where(eq(labResults.orderId, first.id))).toHaveLength(0);
    const orders = await t.db.select().from(labOrders).where(eq(labOrders.patientId, patient.id));
    expect(orders.find((o) => o.id === second.id)).toMatchObject({ status: 'resulted', fillerOrderNumber: 'CL-778899' });
    expect(orders.find((o) => o.id === first.id)).toMatchObject({ status: 'collected', fillerOrderNumber: null });

    // The held results wait in the reconciliation queue; the order our placer number names is offered, never chosen.
    const queue = (await api(t, 'GET', '/api/v1/lab/reconciliation', { token: tech.token })).json<{ items: { id: string }[] }>();
    const held = byControl.get('OUT-2')!;
    expect(queue.items.map((i) => i.id)).toEqual(expect.arrayContaining([held.id, byControl.get('OUT-3')!.id, byControl.get('OUT-4')!.id]));
    const detail = (await api(t, 'GET', `/api/v1/lab/reconciliation/${held.id}`, { token: tech.token })).json<{
      candidates: { orderId: string; matchesAccession: boolean; matchesMrn: boolean; offeredBecause: string[] }[];
    }>();
    expect(detail.candidates.find((c) => c.orderId === first.id)).toMatchObject({
      matchesAccession: true,
      matchesMrn: false,
      offeredBecause: ['placer'],
    });
    // Placer and filler naming two orders of the patient: both offered, each once, each saying why.
    const two = (await api(t, 'GET', `/api/v1/lab/reconciliation/${byControl.get('OUT-4')!.id}`, { token: tech.token })).json<{
      candidates: { orderId: string; offeredBecause: string[] }[];
    }>();
    expect(two.candidates.map((c) => [c.orderId, c.offeredBecause])).toEqual([
      [first.id, ['placer', 'mrn']],
      [second.id, ['filler', 'mrn']],
    ]);
  });
});
