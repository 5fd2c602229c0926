import type { ServiceContext } from '../../../../platform/auth/actor.js';
import type { Db } from '../../../../platform/db/database.js';
import { AppError, notFound, unprocessable, validationFailed } from '../../../../platform/errors.js';
import {
  claimIdempotencyKey,
  findStoredResponse,
  storeResponse,
  type IdempotentOutcome,
  type IdempotentRequest,
  type StoredResponse,
} from '../../../../platform/http/idempotency.js';
import { translator } from '../../../../platform/i18n/i18n.js';
import { listStaffByIds, type StaffMember } from '../../../staff/index.js';
import { countActiveAppointments, selectCliniciansSeenBy, selectPreferredLanguage } from '../auto-assign.repository.js';
import { rankCandidates, type RankedCandidate, type ReasonCode } from '../auto-assign.scoring.js';
import type { AssignmentChoice, AutoAssignInput, AutoAssignment } from '../auto-assign.schemas.js';
import type { Appointment } from '../../appointments/appointments.schemas.js';
import { addDays } from '../../../../platform/time/zoned-time.js';
import { selectStaffIdsOfSpecialty, specialtyExists } from '../waitlist.repository.js';
import {
  auditAppointment,
  resolveBookingPatient,
  toAppointment,
  type AppointmentAccess,
} from '../../appointments/services/appointment-access.service.js';
import type { AppointmentHook } from '../../appointments/services/appointment-hooks.js';
import { computeSlotsForVisitType, requireVisitType } from '../../availability/services/availability.service.js';
import { bookAppointment, type BookingOptions } from '../../appointments/services/book-appointment.service.js';
import { earliestBookable, searchWindow } from '../../availability/services/slots-search.service.js';
import type { Slot } from '../../availability/services/slots-engine.js';

const DEFAULT_WINDOW_DAYS = 14;
/** With `book: true`, a lost race moves on to the next-best clinician this many times. */
export const BOOKING_RETRIES = 3;
const RETRY_CODES = new Set(['slot_taken', 'room_taken']);

type Ranked = RankedCandidate & { slot: Slot; staffName: string };

/** A finished request with the same Idempotency-Key was found inside the booking: roll back, replay. */
class StoredAnswer extends Error {
  constructor(readonly stored: StoredResponse) {
    super('idempotent replay');
  }
}

/** Same primary language: `ar` matches `ar-EG`, `es-MX` matches `es` (a clinician who speaks it). */
const primary = (tag: string) => tag.toLowerCase().split('-')[0]!;
const speaks = (member: StaffMember, tag: string) => member.languages.some((l) => primary(l) === primary(tag));

function windowOf(input: AutoAssignInput, ctx: ServiceContext): { from: Date; to: Date } {
  const from = input.from ?? ctx.now.toISOString();
  const to =
    input.to ??
    (/^\d{4}-\d{2}-\d{2}$/.test(from)
      ? addDays(from, DEFAULT_WINDOW_DAYS - 1)
      : new Date(new Date(from).getTime() + DEFAULT_WINDOW_DAYS * 86_400_000).toISOString());
  const window = searchWindow({ from, to }, ctx.actor.timeZone);
  return { from: window.from < ctx.now ? ctx.now : window.from, to: window.to };
}

function languageName(locale: string, tag: string): string {
  try {
    return new Intl.DisplayNames([locale], { type: 'language' }).of(tag) ?? tag;
  } catch {
    return tag;
  }
}

/** The reasons for a choice in plain words of `locale` ("Earliest available", "Speaks Arabic"…), never codes. */
export function assignmentReasonWords(
  reader: { locale: string; isPatient: boolean },
  codes: readonly ReasonCode[],
  language: string | null,
): string[] {
  const t = translator(reader.locale);
  return codes.map((code) => {
    if (code === 'language') return t('scheduling.auto_assign_reason_language', { language: languageName(reader.locale, language ?? '') });
    if (code === 'seen_before')
      return t(reader.isPatient ? 'scheduling.auto_assign_reason_seen_you' : 'scheduling.auto_assign_reason_seen_patient');
    return t(`scheduling.auto_assign_reason_${code}`);
  });
}

function reasonWords(ctx: ServiceContext, codes: ReasonCode[], language: string | null): string[] {
  return assignmentReasonWords({ locale: ctx.actor.locale, isPatient: ctx.actor.role === 'patient' }, codes, language);
}

const choiceOf = (c: Ranked): AssignmentChoice => ({
  staffId: c.staffId,
  staffName: c.staffName,
  startsAt: c.slot.startsAt,
  endsAt: c.slot.endsAt,
  roomId: c.slot.roomId,
  timeZone: c.slot.timeZone,
  score: c.score,
  reasonCodes: c.reasons,
});

/**
 * The earliest suitable clinician of a specialty for a visit type, scored by the rules in
 * auto-assign.scoring.ts (waiting days, language, preferred or previous clinician, load), with the
 * reasons in plain words. With `book: true` the choice is booked through bookAppointment (every
 * check, conflict code, care-team membership and hook of a booking); a lost race (slot_taken,
 * room_taken) moves on to the next-best clinician, at most three times.
 */
export async function autoAssign(
  db: Db,
  ctx: ServiceContext,
  input: AutoAssignInput,
  options: {
    idempotency?: IdempotentRequest | undefined;
    logger: BookingOptions['logger'];
    hooks: AppointmentHook[];
    /** No slot sooner than this after now is chosen (BOOKING_MIN_NOTICE_MINUTES). */
    minNoticeMinutes?: number;
  },
): Promise<IdempotentOutcome<AutoAssignment>> {
  const idempotency = input.book ? options.idempotency : undefined;
  if (idempotency) {
    const stored = await findStoredResponse(db, idempotency, ctx.now);
    if (stored) return { replayed: true, response: stored };
  }
  const patient =
    ctx.actor.role === 'patient' || input.patientId
      ? await resolveBookingPatient(db, ctx, input.patientId, 'appointment.auto_assign')
      : undefined;
  if (input.book && !patient) throw validationFailed([{ path: 'patientId', message: 'Name the patient to book for.' }]);
  const visitType = await requireVisitType(db, input.visitTypeId);
  if (visitType.specialtyId && visitType.specialtyId !== input.specialtyId) {
    throw validationFailed([{ path: 'visitTypeId', message: 'This visit type belongs to another specialty.' }]);
  }
  if (!(await specialtyExists(db, input.specialtyId))) throw notFound('The specialty');
  const { from, to } = windowOf(input, ctx);

  const members = (await listStaffByIds(db, await selectStaffIdsOfSpecialty(db, input.specialtyId))).filter(
    (m) => m.active && m.role !== 'patient',
  );
  const slots = await computeSlotsForVisitType(db, visitType, {
    staffIds: members.map((m) => m.id),
    from,
    to,
    now: earliestBookable(ctx.now, options.minNoticeMinutes ?? 0),
  });
  const firstSlot = new Map<string, Slot>();
  for (const slot of slots) if (!firstSlot.has(slot.staffId)) firstSlot.set(slot.staffId, slot);
  if (firstSlot.size === 0) {
    throw unprocessable(
      'No clinician of this specialty has a free slot for this visit type in that period. Try a longer period, or join the waitlist.',
    );
  }
  const staffIds = [...firstSlot.keys()];
  const language = input.preferredLanguage ?? (patient ? await selectPreferredLanguage(db, patient.patientId) : null);
  const seen = patient ? await selectCliniciansSeenBy(db, patient.patientId, staffIds) : new Set<string>();
  const loads = await countActiveAppointments(db, staffIds, from, to);
  const byId = new Map(members.map((m) => [m.id, m]));
  const ranked: Ranked[] = rankCandidates(
    staffIds.map((staffId) => ({
      staffId,
      startsAt: firstSlot.get(staffId)!.startsAt,
      speaksLanguage: language ? speaks(byId.get(staffId)!, language) : false,
      preferred: input.preferredStaffId === staffId,
      seenBefore: seen.has(staffId),
      load: loads.get(staffId) ?? 0,
    })),
  ).map((c) => {
    const member = byId.get(c.staffId)!;
    return { ...c, slot: firstSlot.get(c.staffId)!, staffName: member.title ? `${member.title} ${member.name}` : member.name };
  });
  const answer = (chosen: Ranked, appointment: Appointment | null): AutoAssignment => ({
    ...choiceOf(chosen),
    visitTypeId: visitType.id,
    reasons: reasonWords(ctx, chosen.reasons, language),
    alternatives: ranked
      .filter((c) => c !== chosen)
      .slice(0, 4)
      .map(choiceOf),
    appointment,
  });

  if (!input.book || !patient) {
    if (patient) {
      // The previous clinicians and the preferred language come from the patient's record.
      await db.transaction((tx) =>
        auditAppointment(tx, ctx, { id: null, patientId: patient.patientId }, patient.access, 'appointment.auto_assign', {
          staffId: ranked[0]!.staffId,
        }),
      );
    }
    return { replayed: false, status: 200, body: answer(ranked[0]!, null) };
  }
  return bookBest(db, ctx, { ranked, patient, input, idempotency, answer }, options);
}

async function bookBest(
  db: Db,
  ctx: ServiceContext,
  job: {
    ranked: Ranked[];
    patient: { patientId: string; access: AppointmentAccess };
    input: AutoAssignInput;
    idempotency: IdempotentRequest | undefined;
    answer: (c: Ranked, a: Appointment | null) => AutoAssignment;
  },
  options: { logger: BookingOptions['logger']; hooks: AppointmentHook[]; minNoticeMinutes?: number },
): Promise<IdempotentOutcome<AutoAssignment>> {
  const { ranked, patient, input, idempotency, answer } = job;
  for (let attempt = 0; ; attempt++) {
    const chosen = ranked[attempt]!;
    let body: AutoAssignment | undefined;
    // Runs inside the booking's transaction: the key and the answer are kept only if it commits.
    const remember: AppointmentHook = async (tx, change) => {
      if (change.kind !== 'booked') return;
      body = answer(chosen, toAppointment(change.appointment, patient.access.view));
      await auditAppointment(tx, ctx, change.appointment, patient.access, 'appointment.auto_assign', {
        staffId: chosen.staffId,
        reasons: chosen.reasons,
      });
      if (!idempotency) return;
      const stored = await claimIdempotencyKey(tx, idempotency, ctx.now);
      if (stored) throw new StoredAnswer(stored);
      await storeResponse(tx, idempotency, { status: 201, body }, ctx.now);
    };
    try {
      await bookAppointment(
        db,
        ctx,
        {
          patientId: patient.patientId,
          staffId: chosen.staffId,
          visitTypeId: input.visitTypeId,
          startsAt: chosen.slot.startsAt.toISOString(),
          ...(input.reason ? { reason: input.reason } : {}),
        },
        { logger: options.logger, hooks: [...options.hooks, remember], minNoticeMinutes: options.minNoticeMinutes ?? 0 },
      );
      return { replayed: false, status: 201, body: body! };
    } catch (error) {
      if (error instanceof StoredAnswer) return { replayed: true, response: error.stored };
      const retry = error instanceof AppError && RETRY_CODES.has(error.code) && attempt < BOOKING_RETRIES && attempt + 1 < ranked.length;
      if (!retry) throw error;
    }
  }
}
