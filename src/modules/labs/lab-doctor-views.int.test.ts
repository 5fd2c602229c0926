import { and, asc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../../platform/audit/audit.tables.js';
import { api, useTestApp } from '../../../test/helpers/app.js';
import { createAccount, createPatientRecord, type TestAccount } from '../../../test/helpers/actors.js';
import { putOnCareTeam } from '../../../test/helpers/patients.js';

const t = useTestApp();

let tech: TestAccount;
let first: TestAccount;
let second: TestAccount;
let idle: TestAccount;
let shared: string;
let own: string;

/** A resulted potassium order of `doctor` for the patient. */
async function resultedOrder(doctor: TestAccount, patientId: string, value: number): Promise<string> {
  const ordered = await api(t, 'POST', `/api/v1/patients/${patientId}/lab-orders`, {
    token: doctor.token,
    body: { item: 'K', priority: 'routine', indication: 'Check potassium', fasting: false },
  });
  expect(ordered.statusCode, ordered.body).toBe(201);
  const id = ordered.json<{ id: string }>().id;
  expect((await api(t, 'POST', `/api/v1/lab-orders/${id}/collect`, { token: tech.token, body: {} })).statusCode).toBe(200);
  const entered = await api(t, 'POST', `/api/v1/lab-orders/${id}/results`, {
    token: tech.token,
    body: { results: [{ test: 'K', value, status: 'final' }] },
  });
  expect(entered.statusCode, entered.body).toBe(200);
  return id;
}

beforeAll(async () => {
  tech = await createAccount(t, { role: 'lab_technician' });
  [first, second, idle] = [
    await createAccount(t, { role: 'doctor' }),
    await createAccount(t, { role: 'doctor' }),
    await createAccount(t, { role: 'doctor' }),
  ];
  shared = (await createPatientRecord(t)).id;
  own = (await createPatientRecord(t)).id;
  for (const doctor of [first, second]) await putOnCareTeam(t, shared, doctor.staffId!);
  await putOnCareTeam(t, own, second.staffId!);
});

/** The doctor's list, read at its own instant, and the audit rows written at that instant. */
async function toReviewOf(doctor: TestAccount) {
  t.clock.advance(1000);
  const since = t.clock.now();
  const res = await api(t, 'GET', '/api/v1/lab-results/to-review', { token: doctor.token });
  expect(res.statusCode, res.body).toBe(200);
  const rows = await t.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.action, 'lab_result.list'), eq(auditEvents.occurredAt, since)))
    .orderBy(asc(auditEvents.id));
  const items = res.json<{ items: { order: { id: string }; patient: { id: string }; critical: boolean }[] }>().items;
  return { items, audited: rows.map((r) => [r.actorUserId, r.patientId, r.resourceType, r.category]) };
}

describe('results to review', () => {
  it("lists each doctor's own resulted orders with one audit row per patient shown, read in turn (built once)", async () => {
    const firstOrder = await resultedOrder(first, shared, 4.1);
    const secondShared = await resultedOrder(second, shared, 2.4); // critical low
    const secondOwn = await resultedOrder(second, own, 4.5);
    const secondOwnAgain = await resultedOrder(second, own, 4.6);
    for (let round = 0; round < 2; round++) {
      const mine = await toReviewOf(first);
      expect(mine.items.map((i) => i.order.id)).toEqual([firstOrder]);
      expect(mine.audited).toEqual([[first.userId, shared, 'lab_order', 'clinical']]);
      const theirs = await toReviewOf(second);
      expect(theirs.items.map((i) => i.order.id)).toEqual([secondShared, secondOwn, secondOwnAgain]);
      expect(theirs.items.map((i) => i.critical)).toEqual([true, false, false]);
      // One row per patient, in the order they first appear, however many of their orders are shown.
      expect(theirs.audited).toEqual([
        [second.userId, shared, 'lab_order', 'clinical'],
        [second.userId, own, 'lab_order', 'clinical'],
      ]);
      const none = await toReviewOf(idle);
      expect(none).toEqual({ items: [], audited: [] });
    }
  });
});

describe("one order's page", () => {
  it('shows each order with its own results and tests, one audit row naming it, when orders are opened in turn (built once)', async () => {
    const mine = await resultedOrder(first, shared, 3.9);
    const theirs = await resultedOrder(second, own, 5.1);
    const open = async (doctor: TestAccount, orderId: string) => {
      t.clock.advance(1000);
      const since = t.clock.now();
      const res = await api(t, 'GET', `/api/v1/lab-orders/${orderId}`, { token: doctor.token });
      expect(res.statusCode, res.body).toBe(200);
      const rows = await t.db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.actorUserId, doctor.userId), eq(auditEvents.occurredAt, since)));
      return { body: res.json(), audited: rows.map((r) => [r.action, r.resourceId, r.patientId]) };
    };
    for (let round = 0; round < 2; round++) {
      const one = await open(first, mine);
      expect(one.body).toMatchObject({ order: { id: mine }, patient: { id: shared } });
      expect(one.body.results.map((r: { value: number }) => r.value)).toEqual([3.9]);
      expect(one.audited).toEqual([['lab_order.read', mine, shared]]);
      const two = await open(second, theirs);
      expect(two.body).toMatchObject({ order: { id: theirs }, patient: { id: own } });
      expect(two.body.results.map((r: { value: number }) => r.value)).toEqual([5.1]);
      expect(two.audited).toEqual([['lab_order.read', theirs, own]]);
    }
    // Off the care team: 404, nothing read.
    expect((await api(t, 'GET', `/api/v1/lab-orders/${theirs}`, { token: first.token })).statusCode).toBe(404);
  });
});
