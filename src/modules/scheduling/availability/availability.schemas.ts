import { z } from 'zod';
import { languageTagSchema } from '../../staff/index.js';
import { EXCEPTION_KINDS, VISIT_MODES } from './scheduling.tables.js';
import { isValidTimeZone } from '../../../platform/time/zoned-time.js';

/** Request and response shapes of visit types, rooms, working hours, exceptions and slot search. */

const WALL_TIME = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;
export const wallTimeSchema = z.string().trim().regex(WALL_TIME, 'Use a time such as 09:00 (24-hour clock).');
export const timeZoneSchema = z.string().trim().min(1).max(64).refine(isValidTimeZone, 'Use an IANA time zone such as Europe/Paris.');
const isoDate = z.iso.date();
const instantSchema = z.iso.datetime({ offset: true });

export const visitTypeSchema = z.object({
  id: z.uuid(),
  code: z.string(),
  name: z.string(),
  durationMinutes: z.number().int(),
  mode: z.enum(VISIT_MODES),
  specialtyId: z.uuid().nullable(),
});
export type VisitTypeView = z.infer<typeof visitTypeSchema>;

export const roomSchema = z.object({ id: z.uuid(), code: z.string(), name: z.string(), departmentId: z.uuid().nullable() });
export type RoomView = z.infer<typeof roomSchema>;

export const staffParamsSchema = z.object({ staffId: z.uuid() });
export const ruleParamsSchema = z.object({ staffId: z.uuid(), ruleId: z.uuid() });
export const exceptionParamsSchema = z.object({ staffId: z.uuid(), exceptionId: z.uuid() });

export const availabilityRuleSchema = z.object({
  id: z.uuid(),
  staffId: z.uuid(),
  weekday: z.number().int().min(1).max(7),
  startTime: z.string(),
  endTime: z.string(),
  validFrom: z.string(),
  validTo: z.string().nullable(),
  timeZone: z.string(),
  roomId: z.uuid().nullable(),
  visitTypeIds: z.array(z.uuid()).nullable(),
  version: z.number().int(),
});
export type AvailabilityRule = z.infer<typeof availabilityRuleSchema>;

const ruleFields = {
  weekday: z.coerce
    .number()
    .int()
    .min(1, 'Choose a day from Monday (1) to Sunday (7).')
    .max(7, 'Choose a day from Monday (1) to Sunday (7).'),
  startTime: wallTimeSchema,
  endTime: wallTimeSchema,
  validFrom: isoDate,
  validTo: isoDate.nullable(),
  timeZone: timeZoneSchema,
  roomId: z.uuid().nullable(),
  visitTypeIds: z.array(z.uuid()).min(1).max(20).nullable(),
};

type RuleShape = { startTime?: string; endTime?: string; validFrom?: string; validTo?: string | null };

/** End after start and valid-to on or after valid-from, each reported on the field to fix. */
function checkRuleOrder(value: RuleShape, ctx: z.RefinementCtx): void {
  if (value.startTime && value.endTime && value.endTime <= value.startTime) {
    ctx.addIssue({ code: 'custom', path: ['endTime'], message: 'The end time must be after the start time.' });
  }
  if (value.validFrom && value.validTo && value.validTo < value.validFrom) {
    ctx.addIssue({ code: 'custom', path: ['validTo'], message: 'The last day must be on or after the first day.' });
  }
}

export const createRuleBodySchema = z
  .strictObject({
    ...ruleFields,
    validTo: ruleFields.validTo.optional(),
    /** Defaults to the clinician's account zone. */
    timeZone: ruleFields.timeZone.optional(),
    roomId: ruleFields.roomId.optional(),
    visitTypeIds: ruleFields.visitTypeIds.optional(),
  })
  .superRefine(checkRuleOrder);
export type CreateRuleInput = z.infer<typeof createRuleBodySchema>;

export const updateRuleBodySchema = z.strictObject(ruleFields).partial().superRefine(checkRuleOrder);
export type UpdateRuleInput = z.infer<typeof updateRuleBodySchema>;

export const availabilityExceptionSchema = z.object({
  id: z.uuid(),
  staffId: z.uuid(),
  kind: z.enum(EXCEPTION_KINDS),
  startsAt: z.date(),
  endsAt: z.date(),
  timeZone: z.string(),
  reason: z.string().nullable(),
  roomId: z.uuid().nullable(),
});
export type AvailabilityException = z.infer<typeof availabilityExceptionSchema>;

export const createExceptionBodySchema = z
  .strictObject({
    kind: z.enum(EXCEPTION_KINDS),
    startsAt: instantSchema,
    endsAt: instantSchema,
    reason: z.string().trim().min(1).max(200).optional(),
    roomId: z.uuid().optional(),
  })
  .superRefine((value, ctx) => {
    if (new Date(value.endsAt) <= new Date(value.startsAt))
      ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'The end must be after the start.' });
    if (value.roomId && value.kind !== 'extra')
      ctx.addIssue({ code: 'custom', path: ['roomId'], message: 'Only an extra session takes a room.' });
  });
export type CreateExceptionInput = z.infer<typeof createExceptionBodySchema>;

export const exceptionListQuerySchema = z.object({ from: instantSchema.optional(), to: instantSchema.optional() });

/** Slot search: `from`/`to` are dates (whole days in the searcher's zone, `to` inclusive) or instants. */
export const MAX_SLOT_SEARCH_DAYS = 62;
const dateOrInstant = z.union([isoDate, instantSchema]);
export const slotSearchQuerySchema = z.object({
  visitType: z.uuid(),
  from: dateOrInstant,
  to: dateOrInstant,
  specialty: z.uuid().optional(),
  staffId: z.uuid().optional(),
  language: languageTagSchema.optional(),
});
export type SlotSearchQuery = z.infer<typeof slotSearchQuerySchema>;

export const slotSchema = z.object({
  staffId: z.uuid(),
  staffName: z.string(),
  startsAt: z.date(),
  endsAt: z.date(),
  roomId: z.uuid().nullable(),
  visitTypeId: z.uuid(),
  /** The clinician's zone for these hours, so clients can show the local time. */
  timeZone: z.string(),
});
export const slotListSchema = z.object({ items: z.array(slotSchema) });
