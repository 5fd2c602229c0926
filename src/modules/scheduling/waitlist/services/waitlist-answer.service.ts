import type { Logger } from 'pino';
import type { ServiceContext } from '../../../../platform/auth/actor.js';
import type { Db } from '../../../../platform/db/database.js';
import { AppError, conflict } from '../../../../platform/errors.js';
import type { Appointment } from '../../appointments/appointments.schemas.js';
import { findWaitlistEntry, lockWaitlistEntry, NO_OFFER, transitionWaitlistEntry, type WaitlistRow } from '../waitlist.repository.js';
import type { AcceptOfferResponse, WaitlistEntry } from '../waitlist.schemas.js';
import type { AppointmentHook } from '../../appointments/services/appointment-hooks.js';
import { bookAppointment, type BookingOptions } from '../../appointments/services/book-appointment.service.js';
import { auditWaitlist, resolveWaitlistAccess, toWaitlistEntry } from './waitlist.service.js';
import { heldSlotOf, offerFreedSlotSafely, type WaitlistSettings } from './waitlist-offers.service.js';

/** Answering an offer: accept (books the held slot) or decline (passes it on). */

/** Refusals of the booking that mean the held slot is gone for this patient. */
const SLOT_GONE = new Set(['slot_taken', 'room_taken', 'patient_busy', 'slot_in_past', 'outside_availability']);

function openOffer(row: WaitlistRow, now: Date): NonNullable<ReturnType<typeof heldSlotOf>> {
  const slot = heldSlotOf(row);
  if (row.status !== 'offered' || !slot) throw conflict('There is no open offer on this waitlist entry.');
  if (row.offerExpiresAt!.getTime() <= now.getTime())
    throw conflict('This offer has expired. You stay on the list only if you join again.');
  return slot;
}

/**
 * Books the slot the offer holds through bookAppointment (so every check, conflict code, the
 * care-team membership and every appointment hook apply). The entry becomes `booked` inside the
 * booking's transaction. If the slot was taken meanwhile (or the patient is now busy then), the
 * answer is the booking's 409 (`slot_taken`…) and the entry goes back to `waiting`, keeping its
 * place in the queue.
 */
export async function acceptWaitlistOffer(
  db: Db,
  ctx: ServiceContext,
  id: string,
  options: { logger: BookingOptions['logger']; hooks: AppointmentHook[] },
): Promise<AcceptOfferResponse> {
  const row = await findWaitlistEntry(db, id);
  const access = await resolveWaitlistAccess(db, ctx, row, 'waitlist.accept');
  const slot = openOffer(row!, ctx.now);
  let booked: WaitlistRow | undefined;
  const markBooked: AppointmentHook = async (tx, change) => {
    if (change.kind !== 'booked') return;
    booked = await transitionWaitlistEntry(
      tx,
      id,
      'offered',
      { status: 'booked', appointmentId: change.appointment.id, ...NO_OFFER },
      ctx.now,
    );
    if (!booked) throw conflict('This offer was answered or withdrawn meanwhile.');
    await auditWaitlist(tx, ctx, booked, access, 'waitlist.accept', { appointmentId: change.appointment.id, staffId: slot.staffId });
  };
  let appointment: Appointment;
  try {
    const outcome = await bookAppointment(
      db,
      ctx,
      { patientId: row!.patientId, staffId: slot.staffId, visitTypeId: row!.visitTypeId, startsAt: slot.startsAt.toISOString() },
      { logger: options.logger, hooks: [...options.hooks, markBooked] },
    );
    if (outcome.replayed) throw new Error('unexpected replay without an Idempotency-Key');
    appointment = outcome.body;
  } catch (error) {
    if (error instanceof AppError && SLOT_GONE.has(error.code)) {
      await db.transaction(async (tx) => {
        const back = await transitionWaitlistEntry(tx, id, 'offered', { status: 'waiting', ...NO_OFFER }, ctx.now);
        if (back) await auditWaitlist(tx, ctx, back, access, 'waitlist.offer_lost', { code: error.code });
      });
    }
    throw error;
  }
  return { entry: toWaitlistEntry(booked!), appointment };
}

/**
 * Turns the offer down: the entry goes back to `waiting` (keeping its place; this slot is not
 * offered back to it at once) and the slot passes to the next waiting patient who fits.
 */
export async function declineWaitlistOffer(
  db: Db,
  ctx: ServiceContext,
  id: string,
  settings: WaitlistSettings,
  logger?: Pick<Logger, 'warn'>,
): Promise<WaitlistEntry> {
  const access = await resolveWaitlistAccess(db, ctx, await findWaitlistEntry(db, id), 'waitlist.decline');
  const row = await db.transaction(async (tx) => {
    const locked = await lockWaitlistEntry(tx, id);
    const slot = openOffer(locked!, ctx.now);
    const waiting = await transitionWaitlistEntry(
      tx,
      id,
      'offered',
      { status: 'waiting', declinedStaffId: slot.staffId, declinedStartsAt: slot.startsAt, ...NO_OFFER },
      ctx.now,
    );
    if (!waiting) throw conflict('This offer was answered or withdrawn meanwhile.');
    await auditWaitlist(tx, ctx, waiting, access, 'waitlist.decline', { staffId: slot.staffId });
    await offerFreedSlotSafely(
      tx,
      { ...slot, excludeEntryIds: [id] },
      { now: ctx.now, actorUserId: ctx.actor.userId, origin: ctx.origin },
      settings,
      logger,
    );
    return waiting;
  });
  return toWaitlistEntry(row);
}
