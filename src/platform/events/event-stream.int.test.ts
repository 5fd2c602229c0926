import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { departments, staffProfiles } from '../../modules/staff/index.js';
import { api, useTestApp } from '../../../test/helpers/app.js';
import { createAccount, type TestAccount } from '../../../test/helpers/actors.js';
import { listeningUrl, openSse, type SseClient } from '../../../test/helpers/sse.js';
import { events } from './events.tables.js';
import { publishEvent, type EventAudience } from './publish-event.js';

const t = useTestApp({ env: {} });
let base: string;
let patientA: TestAccount;
let patientB: TestAccount;
let nurse: TestAccount;
let doctor: TestAccount;
let cardiology: string;
const open: SseClient[] = [];

async function stream(account: TestAccount, lastEventId?: number) {
  const client = await openSse(base, { token: account.token, lastEventId });
  open.push(client);
  expect(client.status).toBe(200);
  return client;
}

const publish = (type: string, audience: EventAudience, data: Record<string, unknown>) =>
  publishEvent(t.db, { type, audience, data }, t.clock.now());

/**
 * Publishes while a live stream of the account is open and waits until every event has passed
 * through the bus. On PostgreSQL an event's signal arrives asynchronously, so without this a stream
 * opened just after could meet the event live rather than only in its replay.
 */
async function publishSettled(account: TestAccount, publishAll: () => Promise<number[]>): Promise<number[]> {
  const live = await stream(account);
  const ids = await publishAll();
  for (const id of ids) await live.waitFor((m) => m.id === String(id));
  live.close();
  return ids;
}

beforeAll(async () => {
  base = await listeningUrl(t.app);
  patientA = await createAccount(t, { role: 'patient' });
  patientB = await createAccount(t, { role: 'patient' });
  nurse = await createAccount(t, { role: 'nurse' });
  doctor = await createAccount(t, { role: 'doctor' });
  const [dept] = await t.db
    .insert(departments)
    .values({ code: 'CARD-EV', name: 'Cardiology', createdAt: t.clock.now() })
    .returning({ id: departments.id });
  cardiology = dept!.id;
  await t.db.update(staffProfiles).set({ departmentId: cardiology }).where(eq(staffProfiles.userId, doctor.userId));
});

afterAll(() => {
  for (const client of open) client.close();
});

describe('GET /api/v1/events/stream', () => {
  it('answers 401 signed out, 406 to a client that will not take an event stream, and streams with the right headers', async () => {
    const anonymous = await api(t, 'GET', '/api/v1/events/stream');
    expect(anonymous.statusCode).toBe(401);
    const jsonOnly = await api(t, 'GET', '/api/v1/events/stream', { token: patientA.token, headers: { accept: 'application/json' } });
    expect(jsonOnly.statusCode).toBe(406);
    expect(jsonOnly.json().code).toBe('not_acceptable');
    const client = await stream(patientA);
    expect(client.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(client.headers.get('cache-control')).toBe('no-store');
    client.close();
  });

  it('delivers an event published after the client connected, as id/event/data', async () => {
    const client = await stream(patientA);
    const id = await publish('test.hello', { userIds: [patientA.userId] }, { n: 1 });
    const message = await client.waitFor((m) => m.event === 'test.hello');
    expect(message).toEqual({ id: String(id), event: 'test.hello', data: { n: 1 } });
    client.close();
  });

  it('never delivers the event of a rolled-back transaction', async () => {
    const client = await stream(patientA);
    await expect(
      t.db.transaction(async (tx) => {
        await publishEvent(tx, { type: 'test.rolled_back', audience: { userIds: [patientA.userId] }, data: {} }, t.clock.now());
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    const committed = await t.db.transaction((tx) =>
      publishEvent(tx, { type: 'test.committed', audience: { userIds: [patientA.userId] }, data: {} }, t.clock.now()),
    );
    await client.waitFor((m) => m.event === 'test.committed');
    expect(client.messages.map((m) => m.event)).toEqual(['test.committed']);
    const stored = await t.db
      .select({ id: events.id, type: events.type })
      .from(events)
      .where(sql`${events.type} like 'test.%' and ${events.id} >= ${committed - 1}`);
    expect(stored.map((e) => e.type)).not.toContain('test.rolled_back');
    client.close();
  });

  it("never delivers one patient's event to another patient", async () => {
    const a = await stream(patientA);
    const b = await stream(patientB);
    await publish('test.private', { userIds: [patientA.userId] }, { secret: 'a-only' });
    await a.waitFor((m) => m.event === 'test.private');
    // A later event for B proves B's stream was live when A's event went by, bounding the wait.
    await publish('test.sentinel', { userIds: [patientB.userId] }, {});
    await b.waitFor((m) => m.event === 'test.sentinel');
    expect(b.messages.map((m) => m.event)).toEqual(['test.sentinel']);
    a.close();
    b.close();
  });

  it('delivers by role and by department, and not to others', async () => {
    const nurseStream = await stream(nurse);
    const doctorStream = await stream(doctor);
    const patientStream = await stream(patientA);
    await publish('test.for_nurses', { roles: ['nurse'] }, {});
    await publish('test.for_cardiology', { departmentIds: [cardiology] }, {});
    await publish('test.for_everyone', { everyone: true }, {});
    await nurseStream.waitFor((m) => m.event === 'test.for_everyone');
    await doctorStream.waitFor((m) => m.event === 'test.for_everyone');
    await patientStream.waitFor((m) => m.event === 'test.for_everyone');
    expect(nurseStream.messages.map((m) => m.event)).toEqual(['test.for_nurses', 'test.for_everyone']);
    expect(doctorStream.messages.map((m) => m.event)).toEqual(['test.for_cardiology', 'test.for_everyone']);
    expect(patientStream.messages.map((m) => m.event)).toEqual(['test.for_everyone']);
    for (const s of [nurseStream, doctorStream, patientStream]) s.close();
  });

  it('resumes from Last-Event-ID with exactly the missed events, in order, then continues live', async () => {
    const first = await stream(patientA);
    const seen = await publish('test.seen', { userIds: [patientA.userId] }, { n: 0 });
    await first.waitFor((m) => m.id === String(seen));
    first.close();
    const missed1 = await publish('test.missed', { userIds: [patientA.userId] }, { n: 1 });
    await publish('test.missed', { userIds: [patientB.userId] }, { n: 99 });
    const missed2 = await publish('test.missed', { userIds: [patientA.userId] }, { n: 2 });
    const resumed = await stream(patientA, seen);
    await resumed.waitFor((m) => m.id === String(missed2));
    const live = await publish('test.live', { userIds: [patientA.userId] }, { n: 3 });
    await resumed.waitFor((m) => m.id === String(live));
    expect(resumed.messages.map((m) => [m.id, m.data])).toEqual([
      [String(missed1), { n: 1 }],
      [String(missed2), { n: 2 }],
      [String(live), { n: 3 }],
    ]);
    resumed.close();
  });

  it('also resumes from ?lastEventId= and rejects a malformed one', async () => {
    const [before, after] = await publishSettled(patientB, async () => [
      await publish('test.query_resume', { userIds: [patientB.userId] }, { n: 1 }),
      await publish('test.query_resume', { userIds: [patientB.userId] }, { n: 2 }),
    ]);
    const client = await openSse(base, { token: patientB.token, path: `/api/v1/events/stream?lastEventId=${before}` });
    open.push(client);
    await client.waitFor((m) => m.id === String(after));
    expect(client.messages.map((m) => m.id)).toEqual([String(after)]);
    client.close();
    const bad = await api(t, 'GET', '/api/v1/events/stream?lastEventId=abc', { token: patientB.token });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('validation_failed');
  });

  it('does not replay events older than 24 hours', async () => {
    const [old] = await publishSettled(patientB, async () => [
      await publishEvent(
        t.db,
        { type: 'test.old', audience: { userIds: [patientB.userId] }, data: {} },
        new Date(t.clock.now().getTime() - 25 * 3600_000),
      ),
    ]);
    const fresh = await publish('test.fresh', { userIds: [patientB.userId] }, {});
    const client = await stream(patientB, old! - 1);
    await client.waitFor((m) => m.id === String(fresh));
    expect(client.messages.map((m) => m.event)).not.toContain('test.old');
    client.close();
  });
});
