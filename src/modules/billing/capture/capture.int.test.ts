import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, useTestApp } from '../../../../test/helpers/app.js';
import { createAccount, type TestAccount } from '../../../../test/helpers/actors.js';
import { charges } from '../billing.tables.js';
import { captureDispense, captureLabTest, captureProcedure } from './capture.service.js';
import { unpricedEvents } from './capture.tables.js';

/** Charges captured from lab tests, dispenses and procedures (docs/billing.md "Capture sources"). */
const t = useTestApp();
let billing: TestAccount;
let patient: TestAccount;
const productId = randomUUID();
const hookCtx = () => ({ now: t.clock.now(), actorUserId: null });

beforeAll(async () => {
  billing = await createAccount(t, { role: 'billing' });
  patient = await createAccount(t, { role: 'patient' });
  const prices = [
    { code: 'LAB-K', name: 'Potassium', unitPriceMinor: 800, loinc: '2823-3' },
    { code: 'RX-AMOX', name: 'Amoxicillin 500 mg capsule', unitPriceMinor: 35, productId },
    { code: 'PROC-SUT', name: 'Suture of a wound', unitPriceMinor: 6000, taxRateBp: 0, procedureCode: '12001' },
  ];
  for (const body of prices) {
    const res = await api(t, 'POST', '/api/v1/billing/charge-items', {
      token: billing.token,
      body: { ...body, effectiveFrom: '2020-01-01' },
    });
    expect(res.statusCode, res.body).toBe(201);
  }
});

const labEvent = (loinc = '2823-3') => ({
  resultId: randomUUID(),
  orderId: randomUUID(),
  encounterId: null,
  patientId: patient.patientId!,
  loinc,
  testName: 'Potassium',
  performedAt: t.clock.now(),
});

const chargesOf = (sourceId: string) => t.db.select().from(charges).where(eq(charges.sourceId, sourceId));
const unpricedOf = (sourceId: string) => t.db.select().from(unpricedEvents).where(eq(unpricedEvents.sourceId, sourceId));

describe('capture', () => {
  it('a lab test performed is charged once at its LOINC’s price, even when the hook runs twice', async () => {
    const event = labEvent();
    await t.db.transaction((tx) => captureLabTest(tx, event, hookCtx()));
    await t.db.transaction((tx) => captureLabTest(tx, event, hookCtx()));
    const rows = await chargesOf(event.resultId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ source: 'lab_test', code: 'LAB-K', unitPriceMinor: 800, quantity: 1, status: 'unbilled' });
  });

  it('a dispense is charged once for its whole units; a fractional amount goes to the queue', async () => {
    const event = {
      dispenseId: randomUUID(),
      prescriptionId: randomUUID(),
      patientId: patient.patientId!,
      productId,
      productName: 'Amoxicillin 500 mg capsule',
      quantityValue: 21,
      quantityUnit: '{capsule}',
      dispensedOn: t.clock.now().toISOString().slice(0, 10),
    };
    await t.db.transaction((tx) => captureDispense(tx, event, hookCtx()));
    await t.db.transaction((tx) => captureDispense(tx, event, hookCtx()));
    const rows = await chargesOf(event.dispenseId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ source: 'dispense', code: 'RX-AMOX', quantity: 21, unitPriceMinor: 35 });
    const half = { ...event, dispenseId: randomUUID(), quantityValue: 7.5, quantityUnit: 'mL' };
    await t.db.transaction((tx) => captureDispense(tx, half, hookCtx()));
    expect(await chargesOf(half.dispenseId)).toHaveLength(0);
    expect(await unpricedOf(half.dispenseId)).toMatchObject([{ reason: 'not_whole_units', quantity: '7.5 mL' }]);
  });

  it('an unpriced lab test or a procedure without a code goes to the unpriced queue once, never lost', async () => {
    const event = labEvent('9999-9');
    await t.db.transaction((tx) => captureLabTest(tx, event, hookCtx()));
    await t.db.transaction((tx) => captureLabTest(tx, event, hookCtx()));
    expect(await chargesOf(event.resultId)).toHaveLength(0);
    expect(await unpricedOf(event.resultId)).toMatchObject([{ reason: 'no_price', code: '9999-9', source: 'lab_test' }]);
    const procedure = {
      procedureId: randomUUID(),
      encounterId: randomUUID(),
      patientId: patient.patientId!,
      code: null,
      description: 'Wound toilet',
      performedAt: t.clock.now(),
    };
    await t.db.transaction((tx) => captureProcedure(tx, procedure, hookCtx()));
    expect(await unpricedOf(procedure.procedureId)).toMatchObject([{ reason: 'no_price', code: null, source: 'procedure' }]);
  });

  it('a coded procedure is charged at its code’s price, with its encounter', async () => {
    const procedure = {
      procedureId: randomUUID(),
      encounterId: randomUUID(),
      patientId: patient.patientId!,
      code: '12001',
      description: 'Simple repair',
      performedAt: t.clock.now(),
    };
    await t.db.transaction((tx) => captureProcedure(tx, procedure, hookCtx()));
    expect(await chargesOf(procedure.procedureId)).toMatchObject([{ code: 'PROC-SUT', encounterId: procedure.encounterId }]);
  });
});
