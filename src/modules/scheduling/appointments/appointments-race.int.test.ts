import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { and, eq, inArray } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, useTestApp } from '../../../../test/helpers/app.js';
import { createAccount, createPatientRecord, type TestAccount } from '../../../../test/helpers/actors.js';
import { appointments } from './appointments.tables.js';
import { visitTypeId, workEveryDay } from './appointments-test-support.js';
import { postgresLegReady } from '../../../../test/helpers/postgres-leg.js';

/**
 * Races only show on real PostgreSQL: PGlite runs one transaction at a time. 50 bookings of one
 * slot from two processes (this one through the HTTP API, a child process through the booking
 * service with its own pool) give exactly one appointment and 49 × 409 slot_taken.
 */
const onPostgres = postgresLegReady();

describe.runIf(onPostgres)(
  '50 concurrent bookings of one slot from two processes (needs real PostgreSQL: PGlite serialises every transaction)',
  () => {
    const t = useTestApp();
    let receptionist: TestAccount;
    let doctor: TestAccount;
    let newPatient: string;
    const patientIds: string[] = [];
    const startsAt = '2026-11-30T10:00:00.000Z';

    beforeAll(async () => {
      receptionist = await createAccount(t, { role: 'receptionist' });
      doctor = await createAccount(t, { role: 'doctor' });
      await workEveryDay(t.db, doctor.staffId!);
      newPatient = await visitTypeId(t.db, 'new_patient');
      for (let i = 0; i < 50; i++) patientIds.push((await createPatientRecord(t)).id);
    });

    it('gives exactly one success and 49 slot_taken, and leaves one appointment', async () => {
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
            startsAt,
            patientIds: patientIds.slice(25),
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
      const here = await Promise.all(
        patientIds.slice(0, 25).map((patientId) =>
          api(t, 'POST', '/api/v1/appointments', {
            token: receptionist.token,
            body: { patientId, staffId: doctor.staffId, visitTypeId: newPatient, startsAt },
          }),
        ),
      );
      const [exitCode] = await exited;
      expect(exitCode).toBe(0);
      const there = JSON.parse(received.find((l) => l.startsWith('['))!) as { status: number; code: string | null }[];

      const outcomes = [
        ...here.map((r) => ({ status: r.statusCode, code: r.statusCode === 201 ? null : (r.json().code as string) })),
        ...there,
      ];
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
  },
);
