/**
 * The second process of the booking race test (appointments-race.int.test.ts), run with tsx:
 * opens its own pool to the test database, says `ready`, waits for `go` on stdin, then fires its
 * bookings of one slot at once through the booking service and prints one JSON line of results.
 *
 * Arguments: JSON { databaseUrl, now, receptionist: { userId, staffId }, staffId, visitTypeId,
 * startsAt, patientIds }.
 */
import { once } from 'node:events';
import { openPostgres } from '../../../platform/db/database.js';
import { AppError } from '../../../platform/errors.js';
import { bookAppointment } from './services/book-appointment.service.js';

interface RaceInput {
  databaseUrl: string;
  now: string;
  receptionist: { userId: string; staffId: string };
  staffId: string;
  visitTypeId: string;
  startsAt: string;
  patientIds: string[];
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
  input.patientIds.map(async (patientId) => {
    try {
      const outcome = await bookAppointment(
        database.db,
        ctx,
        { patientId, staffId: input.staffId, visitTypeId: input.visitTypeId, startsAt: input.startsAt },
        { logger: quiet },
      );
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
