import type { ServiceContext } from '../../../../platform/auth/actor.js';
import { auditActorOf, auditPatientAccess, writeAudit } from '../../../../platform/audit/audit.service.js';
import type { Db } from '../../../../platform/db/database.js';
import { conflict, notFound, validationFailed } from '../../../../platform/errors.js';
import { decodeCursor, encodeCursor } from '../../../../platform/http/api-helpers.js';
import { findStaffById } from '../../../staff/index.js';
import { daysBetween, isValidTimeZone, localDateOf } from '../../../../platform/time/zoned-time.js';
import {
  findWaitlistEntry,
  insertWaitlistEntry,
  lockWaitlistEntry,
  NO_OFFER,
  selectWaitlistEntries,
  specialtyExists,
  transitionWaitlistEntry,
  type WaitlistRow,
} from '../waitlist.repository.js';
import { MAX_WAITLIST_DAYS, type JoinWaitlistInput, type ListWaitlistQuery, type WaitlistEntry } from '../waitlist.schemas.js';
import {
  resolveBookingPatient,
  resolvePatientAppointmentsAccess,
  seesEveryAppointment,
  type AppointmentAccess,
} from '../../appointments/services/appointment-access.service.js';
import { requireVisitType } from '../../availability/services/availability.service.js';
import { heldSlotOf, offerFreedSlotSafely, type WaitlistSettings } from './waitlist-offers.service.js';
import type { Logger } from 'pino';

/** Joining, listing and leaving the waitlist (answering offers: waitlist-answer.service.ts). */

export function toWaitlistEntry(row: WaitlistRow): WaitlistEntry {
  return {
    id: row.id,
    patientId: row.patientId,
    specialtyId: row.specialtyId,
    staffId: row.staffId,
    visitTypeId: row.visitTypeId,
    earliestDate: row.earliestDate,
    latestDate: row.latestDate,
    timeZone: row.timeZone,
    status: row.status,
    offer:
      row.status === 'offered' && row.offerStaffId && row.offerStartsAt && row.offerEndsAt && row.offeredAt && row.offerExpiresAt
        ? {
            staffId: row.offerStaffId,
            startsAt: row.offerStartsAt,
            endsAt: row.offerEndsAt,
            offeredAt: row.offeredAt,
            expiresAt: row.offerExpiresAt,
          }
        : null,
    appointmentId: row.appointmentId,
    version: row.version,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** Writes a waitlist audit row (ids and codes only) in the caller's transaction. */
export function auditWaitlist(
  tx: Db,
  ctx: ServiceContext,
  row: Pick<WaitlistRow, 'id' | 'patientId'>,
  access: AppointmentAccess,
  action: string,
  detail: Record<string, unknown> = {},
) {
  return auditPatientAccess(
    tx,
    auditActorOf(ctx.actor),
    ctx.origin,
    {
      action,
      resourceType: 'waitlist_entry',
      resourceId: row.id,
      patientId: row.patientId,
      category: 'registration',
      detail: { tier: access.tier, ...detail },
    },
    ctx.now,
  );
}

/**
 * The viewer's access to one entry: the patient their own; staff as for the patient's
 * appointments (front desk and administrators any, clinicians by care team). Otherwise 404 after
 * a denied audit row (root handle).
 */
export async function resolveWaitlistAccess(
  db: Db,
  ctx: ServiceContext,
  row: WaitlistRow | undefined,
  action: string,
): Promise<AppointmentAccess> {
  if (row && ctx.actor.role === 'patient' && ctx.actor.patientId === row.patientId) return { view: 'clinical', tier: 'self' };
  if (row && ctx.actor.role !== 'patient') {
    try {
      return await resolvePatientAppointmentsAccess(db, ctx, row.patientId, action);
    } catch {
      throw notFound('The waitlist entry');
    }
  }
  await writeAudit(
    db,
    auditActorOf(ctx.actor),
    ctx.origin,
    {
      action,
      resourceType: 'waitlist_entry',
      resourceId: row?.id ?? null,
      patientId: row?.patientId ?? null,
      category: 'registration',
      outcome: 'denied',
      severity: 'medium',
      detail: { reason: row ? 'not_own_entry' : 'unknown' },
    },
    ctx.now,
  );
  throw notFound('The waitlist entry');
}

/**
 * Puts a patient on the waitlist (a patient themselves, the front desk or a clinician for a
 * patient they may book for). Dates are days in the adding person's account zone; an open entry
 * for the same specialty and visit type is a 409 (database-enforced).
 */
export async function joinWaitlist(db: Db, ctx: ServiceContext, input: JoinWaitlistInput): Promise<WaitlistEntry> {
  const { patientId, access } = await resolveBookingPatient(db, ctx, input.patientId, 'waitlist.join');
  const visitType = await requireVisitType(db, input.visitTypeId);
  if (!(await specialtyExists(db, input.specialtyId))) throw notFound('The specialty');
  if (visitType.specialtyId && visitType.specialtyId !== input.specialtyId) {
    throw validationFailed([{ path: 'visitTypeId', message: 'This visit type belongs to another specialty.' }]);
  }
  if (input.staffId) {
    const clinician = await findStaffById(db, input.staffId);
    if (!clinician || !clinician.active || clinician.role === 'patient') throw notFound('The clinician');
    if (!clinician.specialties.some((s) => s.id === input.specialtyId)) {
      throw validationFailed([{ path: 'staffId', message: 'This clinician does not work in that specialty.' }]);
    }
  }
  const timeZone = isValidTimeZone(ctx.actor.timeZone) ? ctx.actor.timeZone : 'UTC';
  const today = localDateOf(ctx.now, timeZone);
  if (input.latestDate < today) throw validationFailed([{ path: 'latestDate', message: 'The last day has already passed.' }]);
  const earliestDate = input.earliestDate < today ? today : input.earliestDate;
  if (daysBetween(earliestDate, input.latestDate) > MAX_WAITLIST_DAYS) {
    throw validationFailed([
      { path: 'latestDate', message: `Wait for at most ${MAX_WAITLIST_DAYS} days; join again later for a longer wait.` },
    ]);
  }
  const row = await db.transaction(async (tx) => {
    const inserted = await insertWaitlistEntry(tx, {
      patientId,
      specialtyId: input.specialtyId,
      staffId: input.staffId ?? null,
      visitTypeId: input.visitTypeId,
      earliestDate,
      latestDate: input.latestDate,
      timeZone,
      status: 'waiting',
      createdBy: ctx.actor.userId,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    });
    await auditWaitlist(tx, ctx, inserted, access, 'waitlist.join', {
      specialtyId: inserted.specialtyId,
      visitTypeId: inserted.visitTypeId,
      staffId: inserted.staffId,
    });
    return inserted;
  });
  return toWaitlistEntry(row);
}

/**
 * Entries, newest first. Patients: their own. Staff: one patient's (`patientId`, by their access
 * to that patient); without it the front desk and administrators see every entry and clinicians
 * the entries that name them. One audit row per patient on the page.
 */
export async function listWaitlist(
  db: Db,
  ctx: ServiceContext,
  query: ListWaitlistQuery,
): Promise<{ items: WaitlistEntry[]; nextCursor: string | null }> {
  const accessByPatient = new Map<string, AppointmentAccess>();
  let patientId = query.patientId;
  if (ctx.actor.role === 'patient') {
    patientId = ctx.actor.patientId ?? undefined;
    if (!patientId) throw notFound('The patient');
    accessByPatient.set(patientId, await resolvePatientAppointmentsAccess(db, ctx, query.patientId ?? patientId, 'waitlist.list'));
  } else if (patientId) {
    accessByPatient.set(patientId, await resolvePatientAppointmentsAccess(db, ctx, patientId, 'waitlist.list'));
  }
  const staffId = !patientId && !seesEveryAppointment(ctx) ? (ctx.actor.staffId ?? '00000000-0000-0000-0000-000000000000') : undefined;
  const cursor = decodeCursor(query.cursor);
  const after =
    cursor && cursor.length === 2 && typeof cursor[1] === 'string' ? { createdAt: new Date(String(cursor[0])), id: cursor[1] } : undefined;
  if (cursor && (!after || Number.isNaN(after.createdAt.getTime())))
    throw validationFailed([{ path: 'cursor', message: 'Invalid cursor' }], 'The cursor is not valid.');
  const rows = await selectWaitlistEntries(db, {
    ...(patientId ? { patientId } : {}),
    ...(staffId ? { staffId } : {}),
    ...(query.status ? { status: query.status } : {}),
    ...(after ? { after } : {}),
    limit: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  if (page.length > 0) {
    await db.transaction(async (tx) => {
      const byPatient = new Map<string, WaitlistRow[]>();
      for (const row of page) byPatient.set(row.patientId, [...(byPatient.get(row.patientId) ?? []), row]);
      for (const [pid, entries] of byPatient) {
        const access =
          accessByPatient.get(pid) ??
          (staffId ? { view: 'registration' as const, tier: 'named_clinician' } : { view: 'registration' as const, tier: 'registration' });
        await auditPatientAccess(
          tx,
          auditActorOf(ctx.actor),
          ctx.origin,
          {
            action: 'waitlist.list',
            resourceType: 'waitlist_entry',
            resourceId: null,
            patientId: pid,
            category: 'registration',
            detail: { tier: access.tier, entryIds: entries.map((e) => e.id) },
          },
          ctx.now,
        );
      }
    });
  }
  const last = page.at(-1);
  return {
    items: page.map(toWaitlistEntry),
    nextCursor: rows.length > query.limit && last ? encodeCursor([last.createdAt.toISOString(), last.id]) : null,
  };
}

/** Leaves the waitlist (`cancelled`); a slot the entry held passes to the next waiting patient. */
export async function leaveWaitlist(
  db: Db,
  ctx: ServiceContext,
  id: string,
  settings: WaitlistSettings,
  logger?: Pick<Logger, 'warn'>,
): Promise<void> {
  const access = await resolveWaitlistAccess(db, ctx, await findWaitlistEntry(db, id), 'waitlist.leave');
  await db.transaction(async (tx) => {
    const row = await lockWaitlistEntry(tx, id);
    if (!row || (row.status !== 'waiting' && row.status !== 'offered')) throw conflict('This entry is no longer on the waitlist.');
    const held = heldSlotOf(row);
    await transitionWaitlistEntry(tx, id, row.status, { status: 'cancelled', ...NO_OFFER }, ctx.now);
    await auditWaitlist(tx, ctx, row, access, 'waitlist.leave', { previousStatus: row.status });
    if (held && row.status === 'offered') {
      await offerFreedSlotSafely(
        tx,
        { ...held, excludeEntryIds: [id] },
        { now: ctx.now, actorUserId: ctx.actor.userId, origin: ctx.origin },
        settings,
        logger,
      );
    }
  });
}
