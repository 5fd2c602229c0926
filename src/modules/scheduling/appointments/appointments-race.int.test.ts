import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { and, eq, inArray, like } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, useTestApp } from '../../../../test/helpers/app.js';
import { createAccount, createPatientRecord, type TestAccount } from '../../../../test/helpers/actors.js';
import { auditEvents } from '../../../platform/audit/audit.tables.js';
import { idempotencyKeys } from '../../../platform/http/idempotency.tables.js';
import { appointments } from './appointments.tables.js';
import { countActiveOverlaps, visitTypeId, workEveryDay } from './appointments-test-support.js';
import { postgresLegReady } from '../../../../test/helpers/postgres-leg.js';

/**
 * Races only show on real PostgreSQL: PGlite runs one transaction at a time. Bookings from two
 * processes at once (this one through the HTTP API, a child process through the booking service
 * with its own pool), so neither the in-process queue nor the pre-check can decide the race alone:
 * the exclusion constraint is the guarantee, and every loser hears 409 slot_taken, never a 5xx.
 */
const onPostgres = postgresLegReady();

interface Attempt {
  patientId: string;
  startsAt: string;
  idempotencyKey?: string;
}
type Outcome = { status: number; code: string | null };

describe.runIf(onPostgres)('concurrent bookings from two processes (needs real PostgreSQL: PGlite serialises every transaction)', () => {
  const t = useTestApp();
  let receptionist: TestAccount;
  let doctor: TestAccount;
  let newPatient: string;

  beforeAll(async () => {
    receptionist = await createAccount(t, { role: 'receptionist' });
    doctor = await createAccount(t, { role: 'doctor' });
    await workEveryDay(t.db, doctor.staffId!);
    newPatient = await visitTypeId(t.db, 'new_patient');
  });

  /** Half the attempts here through the API, half in the child process, all released together. */
  async function race(here: Attempt[], there: Attempt[]): Promise<Outcome[]> {
    const databaseUrl = (t.database.pool as unknown as { options: { connectionString: string } }).options.connectionString;
    const script = fileURLToPath(new URL('./appointments-race-booker.ts', import.meta.url));
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        script,
        JSON.stringify({
          databaseUrl,
          now: t.clock.now().toISOString(),
          receptionist: { userId: receptionist.userId, staffId: receptionist.staffId },
          staffId: doctor.staffId,
          visitTypeId: newPatient,
          attempts: there,
        }),
      ],
      { stdio: ['pipe', 'pipe', 'inherit'] },
    );
    const lines = createInterface({ input: child.stdout });
    const received: string[] = [];
    lines.on('line', (line) => received.push(line));
    const exited = once(child, 'exit');
    await expect.poll(() => received.includes('ready'), { timeout: 20_000, interval: 50 }).toBe(true);

    child.stdin.write('go\n');
    const answers = await Promise.all(
      here.map(({ patientId, startsAt, idempotencyKey }) =>
        api(t, 'POST', '/api/v1/appointments', {
          token: receptionist.token,
          body: { patientId, staffId: doctor.staffId, visitTypeId: newPatient, startsAt },
          headers: idempotencyKey ? { 'idempotency-key': idempotencyKey } : {},
        }),
      ),
    );
    const [exitCode] = await exited;
    expect(exitCode).toBe(0);
    const fromChild = JSON.parse(received.find((l) => l.startsWith('['))!) as Outcome[];
    return [...answers.map((r) => ({ status: r.statusCode, code: r.statusCode === 201 ? null : (r.json().code as string) })), ...fromChild];
  }

  const patients = async (count: number) => {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) ids.push((await createPatientRecord(t)).id);
    return ids;
  };

  it('50 bookings of one slot: exactly one success and 49 slot_taken, and one appointment', async () => {
    const patientIds = await patients(50);
    const startsAt = '2026-11-30T10:00:00.000Z';
    const attempts = patientIds.map((patientId) => ({ patientId, startsAt }));
    const outcomes = await race(attempts.slice(0, 25), attempts.slice(25));

    expect(outcomes).toHaveLength(50);
    expect(outcomes.filter((o) => o.status === 201)).toHaveLength(1);
    const refusals = outcomes.filter((o) => o.status !== 201).map((o) => `${o.status} ${o.code}`);
    expect(refusals, 'every other booking is refused with slot_taken').toEqual(Array(49).fill('409 slot_taken'));

    const rows = await t.db
      .select()
      .from(appointments)
      .where(and(eq(appointments.staffId, doctor.staffId!), inArray(appointments.patientId, patientIds)));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: 'booked' });
    expect(rows[0]!.startsAt.toISOString()).toBe(startsAt);
  }, 60_000);

  it('200 bookings on 20 slots with Idempotency-Keys: exactly 20 × 201 and 180 × 409 slot_taken, no 5xx, and consistent rows', async () => {
    const patientIds = await patients(200);
    // Twenty 30-minute slots of 1 December, 08:00 to 18:00 UTC; ten attempts on each, five per process.
    const slots = Array.from({ length: 20 }, (_, i) => new Date(Date.UTC(2026, 11, 1, 8) + i * 30 * 60_000).toISOString());
    const attempts = patientIds.map((patientId, i) => ({ patientId, startsAt: slots[i % 20]!, idempotencyKey: `race-200-${i}` }));
    const outcomes = await race(
      attempts.filter((_, i) => i % 2 === 0),
      attempts.filter((_, i) => i % 2 === 1),
    );

    expect(outcomes).toHaveLength(200);
    expect(
      outcomes.filter((o) => o.status >= 500),
      'no server errors',
    ).toEqual([]);
    expect(outcomes.filter((o) => o.status === 201)).toHaveLength(20);
    const refusals = outcomes.filter((o) => o.status !== 201).map((o) => `${o.status} ${o.code}`);
    expect(refusals).toEqual(Array(180).fill('409 slot_taken'));

    // One appointment per slot, each for one of the racing patients; no overlap anywhere.
    const rows = await t.db
      .select()
      .from(appointments)
      .where(and(eq(appointments.staffId, doctor.staffId!), inArray(appointments.patientId, patientIds)));
    expect(rows).toHaveLength(20);
    expect(rows.map((r) => r.startsAt.toISOString()).sort()).toEqual(slots);
    expect(new Set(rows.map((r) => r.patientId)).size).toBe(20);
    expect(await countActiveOverlaps(t.db)).toEqual({ clinician: 0, room: 0, patient: 0 });

    // Only the winners' keys are kept (a loser's rolled back with it), each answering its own appointment.
    const keys = await t.db.select().from(idempotencyKeys).where(like(idempotencyKeys.key, 'race-200-%'));
    expect(keys).toHaveLength(20);
    expect(keys.every((k) => k.responseStatus === 201)).toBe(true);
    const keptIds = keys.map((k) => (JSON.parse(k.responseBody) as { id: string }).id).sort();
    expect(keptIds).toEqual(rows.map((r) => r.id).sort());
    for (const key of keys) {
      const index = Number(key.key.slice('race-200-'.length));
      const row = rows.find((r) => r.id === (JSON.parse(key.responseBody) as { id: string }).id)!;
      expect(row.patientId).toBe(patientIds[index]);
    }

    // One booking audit row per appointment, none for the losers.
    const audits = await t.db
      .select({ resourceId: auditEvents.resourceId })
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'appointment.book'), inArray(auditEvents.patientId, patientIds)));
    expect(audits.map((a) => a.resourceId).sort()).toEqual(rows.map((r) => r.id).sort());
  }, 120_000);
});
