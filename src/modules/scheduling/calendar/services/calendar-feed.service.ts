import type { ServiceContext } from '../../../../platform/auth/actor.js';
import { auditActorOf, writeAudit } from '../../../../platform/audit/audit.service.js';
import { hashToken, newToken } from '../../../../platform/crypto.js';
import type { Db } from '../../../../platform/db/database.js';
import { AppError, notFound } from '../../../../platform/errors.js';
import {
  deleteCalendarFeed,
  findCalendarFeedByStaff,
  findCalendarFeedByTokenHash,
  selectFeedAppointments,
  upsertCalendarFeed,
} from '../calendar-feed.repository.js';
import { appointmentUid } from './calendar-export.service.js';
import { buildCalendar } from './calendar-ics.service.js';

const DAY = 86_400_000;
/** The feed shows active appointments from a day ago to this far ahead. */
const FEED_DAYS_BEHIND = 1;
const FEED_DAYS_AHEAD = 180;
const FEED_MAX_EVENTS = 2000;
/** newToken(32): 43 URL-safe base64 characters. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export const calendarFeedPath = (token: string) => `/calendar/feeds/${token}.ics`;

function ownStaffId(ctx: ServiceContext): string {
  if (!ctx.actor.staffId) throw new AppError('forbidden', 'Only staff members with a schedule have a calendar feed.');
  return ctx.actor.staffId;
}

export interface CalendarFeedStatus {
  enabled: boolean;
  issuedAt: Date | null;
}

export async function calendarFeedStatus(db: Db, ctx: ServiceContext): Promise<CalendarFeedStatus> {
  const feed = await findCalendarFeedByStaff(db, ownStaffId(ctx));
  return { enabled: Boolean(feed), issuedAt: feed?.issuedAt ?? null };
}

/**
 * Creates the clinician's private feed, or rotates it: a new random token, stored hashed; the old
 * URL stops working at once. The URL is returned this once and never again.
 */
export async function issueCalendarFeed(
  db: Db,
  ctx: ServiceContext,
  publicUrl: string,
): Promise<{ url: string; issuedAt: Date; rotated: boolean }> {
  const staffId = ownStaffId(ctx);
  const token = newToken(32);
  return db.transaction(async (tx) => {
    const { rotated } = await upsertCalendarFeed(tx, staffId, hashToken(token), ctx.now);
    await writeAudit(
      tx,
      auditActorOf(ctx.actor),
      ctx.origin,
      {
        action: rotated ? 'calendar_feed.rotate' : 'calendar_feed.create',
        resourceType: 'calendar_feed',
        resourceId: staffId,
        patientId: null,
        category: 'security',
      },
      ctx.now,
    );
    return { url: `${publicUrl.replace(/\/$/, '')}${calendarFeedPath(token)}`, issuedAt: ctx.now, rotated };
  });
}

/** Turns the feed off: its URL answers 404 from now on. Idempotent. */
export async function disableCalendarFeed(db: Db, ctx: ServiceContext): Promise<void> {
  const staffId = ownStaffId(ctx);
  await db.transaction(async (tx) => {
    const removed = await deleteCalendarFeed(tx, staffId);
    if (!removed) return;
    await writeAudit(
      tx,
      auditActorOf(ctx.actor),
      ctx.origin,
      { action: 'calendar_feed.disable', resourceType: 'calendar_feed', resourceId: staffId, patientId: null, category: 'security' },
      ctx.now,
    );
  });
}

/**
 * The feed behind a secret URL: the clinician's active appointments, each with its times and the
 * word "Appointment" only — no patient, reason, visit type or room. An unknown, rotated or
 * disabled token answers 404, the same as a malformed one.
 */
export async function renderCalendarFeed(db: Db, token: string, now: Date): Promise<string> {
  if (!TOKEN_PATTERN.test(token)) throw notFound('The calendar');
  const feed = await findCalendarFeedByTokenHash(db, hashToken(token));
  if (!feed) throw notFound('The calendar');
  const rows = await selectFeedAppointments(
    db,
    feed.staffId,
    new Date(now.getTime() - FEED_DAYS_BEHIND * DAY),
    new Date(now.getTime() + FEED_DAYS_AHEAD * DAY),
    FEED_MAX_EVENTS,
  );
  return buildCalendar(
    rows.map((row) => ({
      uid: appointmentUid(row.id),
      start: row.startsAt,
      end: row.endsAt,
      summary: 'Appointment',
      status: 'CONFIRMED' as const,
      sequence: row.version,
    })),
    { now, name: 'Carewell' },
  );
}
