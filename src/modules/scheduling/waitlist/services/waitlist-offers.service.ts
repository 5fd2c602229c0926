import type { Logger } from 'pino';
import type { RequestOrigin } from '../../../../platform/auth/actor.js';
import { writeAudit } from '../../../../platform/audit/audit.service.js';
import type { Db } from '../../../../platform/db/database.js';
import { notify } from '../../../notifications/index.js';
import { findStaffById } from '../../../staff/index.js';
import type { VisitTypeRow } from '../../availability/availability.repository.js';
import { findOverlappingActiveAppointment } from '../../appointments/appointments.repository.js';
import { wallClockOf, formatWallTime } from '../../../../platform/time/zoned-time.js';
import {
  expireOutdatedEntries,
  lockWaitlistEntry,
  NO_OFFER,
  selectDueOffers,
  selectPatientUserId,
  selectWaitingCandidates,
  slotIsOffered,
  transitionWaitlistEntry,
  type WaitlistRow,
} from '../waitlist.repository.js';
import { computeSlotsForVisitType, getVisitType } from '../../availability/services/availability.service.js';

/**
 * Offers of freed slots to the waitlist: when an appointment is cancelled (or moved away from its
 * time), the first waiting patient who fits gets a time-limited offer of that slot; an offer that
 * is declined, left to expire, or whose patient leaves the list passes on to the next one.
 * docs/scheduling.md "Waitlist".
 */

export const DEFAULT_WAITLIST_OFFER_MINUTES = 60;
/** Waiting entries looked at per freed slot (first come first; the first that fits wins). */
const CANDIDATES_PER_SLOT = 25;

export interface WaitlistSettings {
  offerMinutes: number;
}

export interface FreedSlot {
  staffId: string;
  startsAt: Date;
  endsAt: Date;
}

export interface OfferContext {
  now: Date;
  actorUserId: string | null;
  origin: RequestOrigin | null;
}

/** "2026-12-01 09:00 (Europe/Paris)": no words to translate, no clinical detail. */
export function formatOfferTime(instant: Date, timeZone: string): string {
  const wall = wallClockOf(instant, timeZone);
  return `${wall.date} ${formatWallTime(wall.minutes)} (${timeZone})`;
}

/**
 * Offers a freed slot of one clinician to the first waiting patient it fits, with the caller's
 * handle (inside the cancellation's transaction, so a rolled-back cancellation offers nothing).
 * It fits when: the entry names this clinician or one of their specialties; the slot's local day
 * (in the entry's zone) is inside the entry's dates; the entry's visit type lasts no longer than
 * the freed time and starts there on the clinician's grid, free (computeSlots); the patient has
 * no other active appointment then; no other offer holds that time; and it is not the slot the
 * patient last declined. Returns the entry offered, or undefined.
 */
export async function offerFreedSlot(
  tx: Db,
  slot: FreedSlot & { excludePatientIds?: string[]; excludeEntryIds?: string[] },
  ctx: OfferContext,
  settings: WaitlistSettings,
): Promise<WaitlistRow | undefined> {
  if (slot.startsAt.getTime() <= ctx.now.getTime()) return undefined;
  if (await slotIsOffered(tx, slot.staffId, slot.startsAt, slot.endsAt)) return undefined;
  const clinician = await findStaffById(tx, slot.staffId);
  if (!clinician || !clinician.active) return undefined;
  const candidates = await selectWaitingCandidates(tx, {
    staffId: slot.staffId,
    specialtyIds: clinician.specialties.map((s) => s.id),
    startsAt: slot.startsAt,
    excludePatientIds: slot.excludePatientIds ?? [],
    excludeEntryIds: slot.excludeEntryIds ?? [],
    limit: CANDIDATES_PER_SLOT,
  });
  const visitTypes = new Map<string, VisitTypeRow | undefined>();
  for (const entry of candidates) {
    if (!visitTypes.has(entry.visitTypeId)) visitTypes.set(entry.visitTypeId, await getVisitType(tx, entry.visitTypeId));
    const visitType = visitTypes.get(entry.visitTypeId);
    if (!visitType || !visitType.active) continue;
    const endsAt = new Date(slot.startsAt.getTime() + visitType.durationMinutes * 60_000);
    if (endsAt.getTime() > slot.endsAt.getTime()) continue;
    const free = await computeSlotsForVisitType(tx, visitType, {
      staffIds: [slot.staffId],
      from: slot.startsAt,
      to: new Date(slot.startsAt.getTime() + 1),
      now: ctx.now,
    });
    const offered = free.find((s) => s.startsAt.getTime() === slot.startsAt.getTime());
    if (!offered) continue;
    if (
      await findOverlappingActiveAppointment(tx, {
        dimension: 'patient',
        value: entry.patientId,
        startsAt: offered.startsAt,
        endsAt: offered.endsAt,
      })
    )
      continue;
    const row = await transitionWaitlistEntry(
      tx,
      entry.id,
      'waiting',
      {
        status: 'offered',
        offerStaffId: slot.staffId,
        offerStartsAt: offered.startsAt,
        offerEndsAt: offered.endsAt,
        offeredAt: ctx.now,
        offerExpiresAt: new Date(ctx.now.getTime() + settings.offerMinutes * 60_000),
      },
      ctx.now,
    );
    if (!row) continue; // taken by a concurrent offer
    await writeAudit(
      tx,
      { userId: ctx.actorUserId },
      ctx.origin,
      {
        action: 'waitlist.offer',
        resourceType: 'waitlist_entry',
        resourceId: row.id,
        patientId: row.patientId,
        category: 'registration',
        detail: { staffId: slot.staffId, startsAt: offered.startsAt.toISOString(), expiresAt: row.offerExpiresAt!.toISOString() },
      },
      ctx.now,
    );
    await notifyOffer(tx, row, ctx.now);
    return row;
  }
  return undefined;
}

/** The patient hears of the offer in their language and channels; nothing clinical in it. */
async function notifyOffer(tx: Db, entry: WaitlistRow, now: Date): Promise<void> {
  const userId = await selectPatientUserId(tx, entry.patientId);
  if (!userId) return; // no portal account: the front desk sees the offer on the list
  await notify(
    tx,
    {
      recipientUserId: userId,
      category: 'appointment',
      template: 'scheduling.waitlist_offer',
      params: {
        when: formatOfferTime(entry.offerStartsAt!, entry.timeZone),
        until: formatOfferTime(entry.offerExpiresAt!, entry.timeZone),
      },
      link: '/portal/waitlist',
      dedupeKey: `waitlist-offer:${entry.id}:${entry.offerStartsAt!.toISOString()}`,
    },
    now,
  );
}

/** The slot an offered entry holds, to pass on when the offer ends unanswered or refused. */
export function heldSlotOf(entry: WaitlistRow): FreedSlot | undefined {
  if (!entry.offerStaffId || !entry.offerStartsAt || !entry.offerEndsAt) return undefined;
  return { staffId: entry.offerStaffId, startsAt: entry.offerStartsAt, endsAt: entry.offerEndsAt };
}

/**
 * Offers the slot inside a savepoint: whatever goes wrong while looking for a taker (it is a side
 * effect) is logged and never undoes the change that freed the slot — a cancellation still
 * cancels. Returns the entry offered, or undefined.
 */
export async function offerFreedSlotSafely(
  tx: Db,
  slot: FreedSlot & { excludePatientIds?: string[]; excludeEntryIds?: string[] },
  ctx: OfferContext,
  settings: WaitlistSettings,
  logger?: Pick<Logger, 'warn'>,
): Promise<WaitlistRow | undefined> {
  try {
    return await tx.transaction((savepoint) => offerFreedSlot(savepoint, slot, ctx, settings));
  } catch (error) {
    logger?.warn(
      { err: { name: (error as Error).name, code: (error as { code?: string }).code }, staffId: slot.staffId },
      'waitlist: offering a freed slot failed',
    );
    return undefined;
  }
}

/**
 * The periodic sweep: offers whose time ran out end as `expired` (the patient did not answer;
 * they may join again) and their slot passes to the next waiting patient who fits, one offer per
 * transaction; waiting entries whose last day has passed end as `expired` too. Safe to run from
 * several workers at once (rows are locked and moved conditionally).
 */
export async function expireWaitlistOffers(
  db: Db,
  now: Date,
  settings: WaitlistSettings = { offerMinutes: DEFAULT_WAITLIST_OFFER_MINUTES },
  logger?: Pick<Logger, 'warn'>,
): Promise<{ expiredOffers: number; passedOn: number; expiredEntries: number }> {
  let expiredOffers = 0;
  let passedOn = 0;
  for (const id of await selectDueOffers(db, now, 500)) {
    const outcome = await db.transaction(async (tx) => {
      const entry = await lockWaitlistEntry(tx, id);
      const slot = entry ? heldSlotOf(entry) : undefined;
      if (!entry || entry.status !== 'offered' || !slot || entry.offerExpiresAt!.getTime() > now.getTime()) return undefined;
      const expired = await transitionWaitlistEntry(tx, id, 'offered', { status: 'expired', ...NO_OFFER }, now);
      if (!expired) return undefined;
      await writeAudit(
        tx,
        {},
        null,
        {
          action: 'waitlist.offer_expire',
          resourceType: 'waitlist_entry',
          resourceId: id,
          patientId: entry.patientId,
          category: 'registration',
        },
        now,
      );
      const next = await offerFreedSlotSafely(
        tx,
        { ...slot, excludeEntryIds: [id] },
        { now, actorUserId: null, origin: null },
        settings,
        logger,
      );
      return { passedOn: next !== undefined };
    });
    if (!outcome) continue;
    expiredOffers += 1;
    if (outcome.passedOn) passedOn += 1;
  }
  return { expiredOffers, passedOn, expiredEntries: await expireOutdatedEntries(db, now) };
}
