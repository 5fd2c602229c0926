import type { Placeholder } from 'drizzle-orm';
import type { ServiceContext } from '../../../../platform/auth/actor.js';
import type { Db } from '../../../../platform/db/database.js';
import { deferRead, preparedReadTogether } from '../../../../platform/db/read-together.js';
import {
  storedKeyRead,
  storedRequestsValue,
  storedResponseAmong,
  storedResponsesRead,
  type IdempotentRequest,
} from '../../../../platform/http/idempotency.js';
import { careTeamStandingRead, preparedPatientAccessFactsRead } from '../../../patients/index.js';
import { clinicianStandingRead } from '../../../staff/index.js';
import { clinicianScheduleVersionQuery, scheduleVersionsOf, visitTypeQuery } from '../../availability/availability.repository.js';
import { clinicianBookingAtQuery, committedConflictQuery } from '../appointments.repository.js';
import { patientAppointmentsAccessViewer } from './appointment-access.service.js';

/**
 * The facts a booking decides on, each set in ONE statement BUILT ONCE (`preparedReadTogether`).
 *
 * Why built once: a booking's nine reads were written out by Drizzle on every attempt, about an
 * eighth of the CPU of 200 attempts racing on 20 slots (issue 11's race profile). Every value of
 * the attempt is a placeholder; what a read's answer means for this attempt (the key's answer) is
 * taken after the statement, so no read's mapping holds a value of an earlier attempt.
 */

type FactsParam =
  'staffId' | 'startsAt' | 'visitTypeId' | 'patientId' | 'askedPatientId' | 'viewerStaffId' | 'viewerUserId' | 'principal' | 'key' | 'now';

const first = <T>([row]: T[]) => row;

/** The reads every booking makes, written with placeholders. */
function bookingFactsReads(db: Db, param: (name: FactsParam) => Placeholder) {
  const staffId = param('staffId');
  const startsAt = param('startsAt');
  const now = param('now');
  return {
    taken: deferRead(clinicianBookingAtQuery(db, staffId, startsAt), first),
    clinician: clinicianStandingRead(db, staffId),
    visitType: deferRead(visitTypeQuery(db, param('visitTypeId')), first),
    conflict: deferRead(
      committedConflictQuery(db, { staffId, patientId: param('patientId'), startsAt, visitTypeId: param('visitTypeId') }),
      first,
    ),
    scheduleVersions: deferRead(clinicianScheduleVersionQuery(db, staffId), scheduleVersionsOf),
    careTeam: careTeamStandingRead(db, param('patientId'), staffId, now),
    storedRows: storedKeyRead(db, { principal: param('principal'), key: param('key') }, now),
  };
}

/** Two shapes: staff also read the access facts; a patient's own booking needs none (bookingPatientOf decides it). */
const staffBookingFacts = preparedReadTogether((db, param: (name: FactsParam) => Placeholder) => ({
  ...bookingFactsReads(db, param),
  access: preparedPatientAccessFactsRead(db, {
    patientId: param('askedPatientId'),
    staffId: param('viewerStaffId'),
    userId: param('viewerUserId'),
    now: param('now'),
  }),
}));
const patientBookingFacts = preparedReadTogether(bookingFactsReads);

/**
 * Every fact the booking decides on: a booking already at that instant, the clinician's standing,
 * the visit type, a committed conflict, the schedule version, the clinician's place on the care
 * team, the stored answer to the key, and (for staff) the patient and the viewer's relationships.
 */
export async function readBookingFacts(
  db: Db,
  ctx: ServiceContext,
  input: { staffId: string; visitTypeId: string },
  known: { named: { patientId: string; asked: string }; startsAt: Date; idempotency: IdempotentRequest | undefined },
) {
  const { named, startsAt, idempotency } = known;
  const viewer = patientAppointmentsAccessViewer(ctx);
  const values = {
    staffId: input.staffId,
    startsAt,
    visitTypeId: input.visitTypeId,
    patientId: named.patientId,
    askedPatientId: named.asked,
    viewerStaffId: viewer?.staffId ?? null,
    viewerUserId: viewer?.userId ?? null,
    principal: idempotency?.principal ?? null,
    key: idempotency?.key ?? null,
    now: ctx.now,
  };
  const { storedRows, ...facts } = viewer
    ? await staffBookingFacts(db, values)
    : { ...(await patientBookingFacts(db, values)), access: undefined };
  return { ...facts, stored: idempotency ? storedResponseAmong(storedRows, idempotency) : undefined };
}

export type BookingFacts = Awaited<ReturnType<typeof readBookingFacts>>;

const takenTogether = preparedReadTogether((db, param: (name: 'staffId' | 'startsAt' | 'requests' | 'now') => Placeholder) => ({
  taken: deferRead(clinicianBookingAtQuery(db, param('staffId'), param('startsAt')), first),
  storedRows: storedResponsesRead(db, param('requests'), param('now')),
}));

/**
 * For every attempt that waited on this slot at once: a booking now at that instant, and the
 * stored answers to their keys (a retry is replayed, not refused). One light statement for all.
 */
export function readTakenTogether(
  db: Db,
  ctx: ServiceContext,
  wanted: { staffId: string; startsAt: Date },
  asks: (IdempotentRequest | undefined)[],
) {
  const keys = asks.filter((request): request is IdempotentRequest => request !== undefined);
  // Without a key among them the key look-up finds nothing: one statement either way.
  return takenTogether(db, { staffId: wanted.staffId, startsAt: wanted.startsAt, requests: storedRequestsValue(keys), now: ctx.now });
}
