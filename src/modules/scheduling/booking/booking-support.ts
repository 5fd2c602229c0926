import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ServiceContext } from '../../../platform/auth/actor.js';
import type { Db } from '../../../platform/db/database.js';
import { AppError } from '../../../platform/errors.js';
import { principalOf, requestHashOf, type IdempotentRequest, type StoredResponse } from '../../../platform/http/idempotency.js';
import { listStaffByIds } from '../../staff/index.js';
import type { Appointment } from '../appointments/appointments.schemas.js';
import type { SlotSearchQuery, VisitTypeView } from '../availability/availability.schemas.js';
import { listVisitTypes } from '../availability/services/availability.service.js';
import { findFreeSlots, searchSlots, type SlotSearchItem } from '../availability/services/slots-search.service.js';
import type { Slot } from '../availability/services/slots-engine.js';
import { addDays, effectiveTimeZone, localDateOf, localTimeToInstantOrAfterGap } from '../../../platform/time/zoned-time.js';

/**
 * What the booking, calendar and front-desk pages share: query and form schemas, the local-day
 * windows, grouping slots by day, the form's one-time key as an Idempotency-Key, and the names
 * (clinicians, visit types) an appointment list needs. Rules stay in the core services.
 */

const DATE = z.iso.date();
const optionalUuid = z.preprocess((v) => (v === '' ? undefined : v), z.uuid().optional());
const optionalDate = z.preprocess((v) => (v === '' ? undefined : v), DATE.optional());

/** The slot search form (patient booking, reschedule, front desk): every field optional. */
export const slotSearchFormSchema = z.object({
  specialty: optionalUuid,
  visitType: optionalUuid,
  staffId: optionalUuid,
  language: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z
      .string()
      .regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})?$/)
      .optional(),
  ),
  from: optionalDate,
  to: optionalDate,
  first: z.string().max(10).optional(),
});
export type SlotSearchForm = z.infer<typeof slotSearchFormSchema>;

/** One chosen slot, as the confirm page's query string carries it. */
export const chosenSlotSchema = z.object({ staffId: z.uuid(), visitType: z.uuid(), startsAt: z.iso.datetime({ offset: true }) });

/** The booking form posted from a confirm page. */
export const bookFormSchema = z.object({
  staffId: z.uuid(),
  visitTypeId: z.uuid(),
  startsAt: z.iso.datetime({ offset: true }),
  reason: z.string().trim().min(1).max(1000).optional(),
});

export const DEFAULT_SEARCH_DAYS = 14;
export const MAX_SEARCH_DAYS = 62;

export const zoneOf = (ctx: { timeZone: string }) => effectiveTimeZone(ctx.timeZone);
export const todayIn = (now: Date, zone: string) => localDateOf(now, zone);

/** [start of `from`, start of the day after `to`) in a zone. */
export function localWindow(from: string, days: number, zone: string): { from: Date; to: Date } {
  return { from: localTimeToInstantOrAfterGap(from, 0, zone), to: localTimeToInstantOrAfterGap(addDays(from, days), 0, zone) };
}

/** The search's dates, defaulted and clamped: from today, two weeks, at most 62 days. */
export function searchDates(form: SlotSearchForm, today: string): { from: string; to: string } {
  const from = form.from && form.from >= today ? form.from : today;
  let to = form.to && form.to >= from ? form.to : addDays(from, DEFAULT_SEARCH_DAYS - 1);
  if (to > addDays(from, MAX_SEARCH_DAYS - 1)) to = addDays(from, MAX_SEARCH_DAYS - 1);
  return { from, to };
}

/** The first free slot for a search form (the earliest), or undefined; none until a visit type is chosen. */
export async function findFirstSlot(
  db: Db,
  ctx: ServiceContext,
  form: SlotSearchForm,
  dates: { from: string; to: string },
  minNoticeMinutes: number,
): Promise<SlotSearchItem | undefined> {
  if (!form.visitType) return undefined;
  const { slots, names } = await findFreeSlots(db, ctx, slotQuery(form.visitType, form, dates), { minNoticeMinutes });
  const [first] = slots;
  return first && { ...first, staffName: names.get(first.staffId)! };
}

/**
 * Free slots for a search form, as a find-a-time page shows them: the first SHOWN_SLOT_DAYS days in
 * the viewer's zone (`shownSlotDays`); none until a visit type is chosen. `skip` leaves a time out
 * (the appointment being moved).
 */
export async function findSlotDays(
  db: Db,
  ctx: ServiceContext,
  form: SlotSearchForm,
  dates: { from: string; to: string },
  minNoticeMinutes: number,
  skip?: (slot: Slot) => boolean,
): Promise<ShownSlotDays> {
  if (!form.visitType) return { days: [], laterFrom: null };
  const { slots, names } = await findFreeSlots(db, ctx, slotQuery(form.visitType, form, dates), { minNoticeMinutes });
  return shownSlotDays(slots, names, zoneOf(ctx.actor), { skip });
}

function slotQuery(visitType: string, form: SlotSearchForm, dates: { from: string; to: string }): SlotSearchQuery {
  return {
    visitType,
    from: dates.from,
    to: dates.to,
    ...(form.specialty ? { specialty: form.specialty } : {}),
    ...(form.staffId ? { staffId: form.staffId } : {}),
    ...(form.language ? { language: form.language } : {}),
  };
}

/** The slot still free at exactly this start with this clinician, or undefined (taken, gone, past). */
export async function findExactSlot(
  db: Db,
  ctx: ServiceContext,
  chosen: { staffId: string; visitType: string; startsAt: string },
  minNoticeMinutes: number,
): Promise<SlotSearchItem | undefined> {
  const start = new Date(chosen.startsAt);
  const slots = await searchSlots(
    db,
    ctx,
    {
      visitType: chosen.visitType,
      staffId: chosen.staffId,
      from: start.toISOString(),
      to: new Date(start.getTime() + 60_000).toISOString(),
    },
    { minNoticeMinutes },
  );
  return slots.find((s) => s.startsAt.getTime() === start.getTime());
}

/** What a confirmation page shows for a chosen time: the slot if it is still free, and the visit type. */
export async function slotToConfirm(
  db: Db,
  ctx: ServiceContext,
  chosen: { staffId: string; visitType: string; startsAt: string },
  minNoticeMinutes: number,
) {
  const slot = await findExactSlot(db, ctx, chosen, minNoticeMinutes);
  const visitTypes = await listVisitTypes(db);
  return { slot, visitType: visitTypes.find((v) => v.id === chosen.visitType) };
}

export interface SlotDay {
  date: string;
  slots: SlotSearchItem[];
}

/**
 * Days with free times a find-a-time page shows at once: a working week. A clinician's fortnight is
 * some 300 times, and every time is a link; more days than this come a page at a time through
 * "Later times", so the page stays small whatever dates were searched (issue 11).
 */
export const SHOWN_SLOT_DAYS = 5;

/** The days of free times a page shows, and the day its "Later times" starts on (null when all are shown). */
export interface ShownSlotDays {
  days: SlotDay[];
  laterFrom: string | null;
}

/**
 * The first `limit` days of `slots` (in order) by their local day in the viewer's zone, the zone
 * every time is shown in, each slot with its clinician's name. Only the days shown are grouped and
 * named, so the work stays a week's however long the search (up to 62 days, many clinicians). At
 * the default fortnight of one clinician this measured within the noise (issue 11): the page's cost
 * is rendering the week's links.
 */
export function shownSlotDays(
  slots: readonly Slot[],
  names: ReadonlyMap<string, string>,
  viewerZone: string,
  { skip, limit = SHOWN_SLOT_DAYS }: { skip?: ((slot: Slot) => boolean) | undefined; limit?: number } = {},
): ShownSlotDays {
  const days: SlotDay[] = [];
  for (const slot of slots) {
    if (skip?.(slot)) continue;
    const date = localDateOf(slot.startsAt, viewerZone);
    let day = days.at(-1);
    if (day?.date !== date) {
      if (days.length === limit) return { days, laterFrom: addDays(day!.date, 1) };
      day = { date, slots: [] };
      days.push(day);
    }
    day.slots.push({ ...slot, staffName: names.get(slot.staffId)! });
  }
  return { days, laterFrom: null };
}

export function confirmQuery(
  slot: Pick<SlotSearchItem, 'staffId' | 'visitTypeId' | 'startsAt'>,
  extra: Record<string, string> = {},
): string {
  return formQuery({ ...extra, staffId: slot.staffId, visitType: slot.visitTypeId, startsAt: slot.startsAt.toISOString() });
}

/**
 * The query string `new URLSearchParams(fields).toString()` gives (form encoding), without building
 * a URLSearchParams per link: a find-a-time page links every time it shows (some 170), and those
 * objects were a twentieth of the reschedule page's CPU (issue 11).
 */
export function formQuery(fields: Record<string, string>): string {
  let query = '';
  for (const [key, value] of Object.entries(fields)) query += `${query ? '&' : ''}${formEncode(key)}=${formEncode(value)}`;
  return query;
}

function formEncode(value: string): string {
  if (/^[\w.*-]*$/.test(value)) return value;
  // encodeURIComponent leaves !'()~ as they are and writes a space %20; the form encoding does not.
  return encodeURIComponent(value)
    .replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

/**
 * The form's one-time key (the Form component adds it) as the booking's Idempotency-Key: the same
 * form sent twice books once, even when both posts get past the form check.
 */
export function formIdempotency(request: FastifyRequest, body: unknown): IdempotentRequest | undefined {
  if (!request.formKey || !request.actor) return undefined;
  const path = request.url.split('?')[0]!;
  return {
    principal: principalOf(request.actor),
    key: `form-${request.formKey}`,
    scope: `POST ${request.routeOptions.url ?? path}`,
    requestHash: requestHashOf('POST', path, body),
  };
}

/** The appointment id of a booking answer, first-time or replayed. */
export function bookedId(outcome: { replayed: true; response: StoredResponse } | { replayed: false; body: Appointment }): string {
  if (!outcome.replayed) return outcome.body.id;
  return (JSON.parse(outcome.response.body) as { id: string }).id;
}

export interface AppointmentNames {
  staff: Map<string, { name: string; specialties: { id: string; name: string }[]; departmentId: string | null }>;
  visitTypes: Map<string, VisitTypeView>;
}

/** Clinicians' names and visit types for a list of appointments (public data, no PHI). */
export async function appointmentNames(db: Db, appointments: Pick<Appointment, 'staffId'>[]): Promise<AppointmentNames> {
  const [members, visitTypes] = await Promise.all([
    listStaffByIds(
      db,
      appointments.map((a) => a.staffId),
    ),
    listVisitTypes(db),
  ]);
  return {
    staff: new Map(
      members.map((m) => [
        m.id,
        { name: m.title ? `${m.title} ${m.name}` : m.name, specialties: m.specialties, departmentId: m.department?.id ?? null },
      ]),
    ),
    visitTypes: new Map(visitTypes.map((v) => [v.id, v])),
  };
}

/** A page for staff only (patients have the portal). */
export function requireStaff(ctx: ServiceContext): void {
  if (ctx.actor.role === 'patient')
    throw new AppError('forbidden', 'This page is for hospital staff. Your appointments are in the portal.');
}
