/**
 * The second process of the booking race tests (appointments-race.int.test.ts), run with tsx:
 * opens its own pool to the test database, says `ready`, waits for `go` on stdin, then fires all
 * its booking attempts at once through the booking service (as the API calls it: the minimum
 * notice, and an Idempotency-Key when the attempt names one) and prints one JSON line of results,
 * in the order of the attempts.
 *
 * Arguments: JSON { databaseUrl, now, receptionist: { userId, staffId }, staffId, visitTypeId,
 * attempts: [{ patientId, startsAt, idempotencyKey? }] }.
 */
import { once } from 'node:events';
import { openPostgres } from '../../../platform/db/database.js';
import { AppError } from '../../../platform/errors.js';
import { principalOf, requestHashOf } from '../../../platform/http/idempotency.js';
import { bookAppointment } from './services/book-appointment.service.js';

interface RaceInput {
  databaseUrl: string;
  now: string;
  receptionist: { userId: string; staffId: string };
  staffId: string;
  visitTypeId: string;
  attempts: { patientId: string; startsAt: string; idempotencyKey?: string }[];
}

const input = JSON.parse(process.argv[2]!) as RaceInput;
const database = await openPostgres(input.databaseUrl, { max: 10, connectionTimeoutMillis: 30_000 });
// Open the pool's connections before the start signal, so the bookings really run together.
await Promise.all(Array.from({ length: 10 }, () => database.pool!.query('select 1')));
process.stdout.write('ready\n');
process.stdin.setEncoding('utf8');
await once(process.stdin, 'data');

const ctx = {
  actor: {
    kind: 'user' as const,
    userId: input.receptionist.userId,
    role: 'receptionist' as const,
    flags: { nurseLead: false, privacyOfficer: false },
    email: 'race@test.carewell',
    locale: 'en',
    timeZone: 'UTC',
    patientId: null,
    staffId: input.receptionist.staffId,
    sessionId: '00000000-0000-4000-8000-000000000000',
    sessionKind: 'api' as const,
    mfaEnrolled: true,
  },
  origin: { ip: null, userAgent: 'race-booker', requestId: `race-${process.pid}` },
  now: new Date(input.now),
};
const quiet = { info() {}, warn() {} };

const results = await Promise.all(
  input.attempts.map(async ({ patientId, startsAt, idempotencyKey }) => {
    const body = { patientId, staffId: input.staffId, visitTypeId: input.visitTypeId, startsAt };
    const idempotency = idempotencyKey
      ? {
          principal: principalOf(ctx.actor),
          key: idempotencyKey,
          scope: 'POST /api/v1/appointments',
          requestHash: requestHashOf('POST', '/api/v1/appointments', body),
        }
      : undefined;
    try {
      const outcome = await bookAppointment(database.db, ctx, body, { logger: quiet, idempotency, minNoticeMinutes: 60 });
      return { status: outcome.replayed ? outcome.response.status : outcome.status, code: null };
    } catch (error) {
      return error instanceof AppError
        ? { status: error.status, code: error.code }
        : { status: 500, code: String((error as Error).message) };
    }
  }),
);
process.stdout.write(`${JSON.stringify(results)}\n`);
await database.close();
process.exit(0);
