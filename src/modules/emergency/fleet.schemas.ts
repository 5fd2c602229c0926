import { z } from 'zod';
import { UNIT_STATUSES } from './emergency.vocabulary.js';
import { unitSchema } from './emergency.schemas.js';

/**
 * The fleet as administrators manage it (docs/emergency.md, "Ambulance units and crews"): units,
 * their base position, in or out of service, and their crews.
 */
export const CALL_SIGN_PATTERN = /^[\p{L}\p{N}][\p{L}\p{N} ._-]*$/u;
const callSign = z
  .string()
  .trim()
  .min(1)
  .max(20)
  .regex(CALL_SIGN_PATTERN, 'Use letters, digits, spaces, dots and dashes, starting with a letter or a digit.');
const latitude = z.number().min(-90).max(90);
const longitude = z.number().min(-180).max(180);

/** What an administrator may set: a unit on an incident moves only through dispatch and its crew. */
export const ADMIN_UNIT_STATUSES = ['available', 'out_of_service'] as const;
export type AdminUnitStatus = (typeof ADMIN_UNIT_STATUSES)[number];

const bothOrNeither = (b: { latitude?: number | null; longitude?: number | null }) =>
  (b.latitude === undefined || b.latitude === null) === (b.longitude === undefined || b.longitude === null);
const positionPair = { message: 'Give both the latitude and the longitude, or neither.', path: ['longitude'] };

export const createUnitBodySchema = z
  .strictObject({ callSign, latitude: latitude.optional(), longitude: longitude.optional() })
  .refine(bothOrNeither, positionPair);
export type CreateUnitInput = z.infer<typeof createUnitBodySchema>;

/** `latitude`/`longitude` null clears the base position; a field left out is not changed. */
export const updateUnitBodySchema = z
  .strictObject({
    callSign: callSign.optional(),
    latitude: latitude.nullable().optional(),
    longitude: longitude.nullable().optional(),
    status: z.enum(ADMIN_UNIT_STATUSES).optional(),
  })
  .refine((b) => (b.latitude === undefined) === (b.longitude === undefined) && bothOrNeither(b), positionPair);
export type UpdateUnitInput = z.infer<typeof updateUnitBodySchema>;

export const crewBodySchema = z.strictObject({ staffId: z.uuid() });
export const unitIdParamsSchema = z.object({ id: z.uuid() });
export const crewMemberParamsSchema = z.object({ id: z.uuid(), staffId: z.uuid() });

export const fleetUnitSchema = unitSchema.extend({
  status: z.enum(UNIT_STATUSES),
  /** The unit is on an open emergency call: its status and crew changes wait until the call ends. */
  onIncident: z.boolean(),
  crew: z.array(z.object({ staffId: z.uuid(), name: z.string() })),
  createdAt: z.iso.datetime({ offset: true }),
  updatedAt: z.iso.datetime({ offset: true }),
});
export type FleetUnitDto = z.infer<typeof fleetUnitSchema>;
export const fleetListSchema = z.object({ items: z.array(fleetUnitSchema) });

/** The paramedics an administrator may put on a crew (active accounts), with the unit each rides. */
export const crewCandidateSchema = z.object({ staffId: z.uuid(), name: z.string(), unitCallSign: z.string().nullable() });
export type CrewCandidateDto = z.infer<typeof crewCandidateSchema>;
