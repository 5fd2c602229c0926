import { z } from 'zod';
import { idempotencyKeySchema } from '../../platform/http/idempotency.js';
import { CREW_STATUSES, INCIDENT_STATUSES, INCIDENT_SUBJECTS, UNIT_STATUSES } from './emergency.vocabulary.js';

const isoInstant = z.iso.datetime({ offset: true });

/** A phone's position: WGS 84 degrees, accuracy in metres (browsers give it; at most 100 km). */
export const positionSchema = z.strictObject({
  latitude: z.number().min(-90).max(90),
  longitude: z.number().min(-180).max(180),
  accuracy: z.number().min(0).max(100_000).optional(),
});
export type PositionInput = z.infer<typeof positionSchema>;

export const raiseIncidentBodySchema = z
  .strictObject({
    subject: z.enum(INCIDENT_SUBJECTS).default('self'),
    note: z.string().trim().max(500).optional(),
    address: z.string().trim().max(300).optional(),
    callBack: z.boolean().default(false),
    location: positionSchema.optional(),
  })
  .refine((b) => b.location || b.address || b.callBack, {
    message: 'Share your location, give an address, or ask to be called back.',
    path: ['address'],
  });
export type RaiseIncidentInput = z.infer<typeof raiseIncidentBodySchema>;

export const idempotencyRequiredHeaderSchema = z.object({ 'idempotency-key': idempotencyKeySchema });
export const incidentIdParamsSchema = z.object({ id: z.uuid() });
export const assignBodySchema = z.strictObject({ unitId: z.uuid() });
export const crewStatusBodySchema = z.strictObject({ status: z.enum(CREW_STATUSES) });

const location = z.object({
  latitude: z.number(),
  longitude: z.number(),
  accuracyM: z.number().nullable(),
  recordedAt: isoInstant,
});

const unitRef = z.object({ id: z.uuid(), callSign: z.string() });

/** What the patient sees of their own incident: status and the ambulance's ETA, never the crew. */
export const ownIncidentSchema = z.object({
  id: z.uuid(),
  status: z.enum(INCIDENT_STATUSES),
  subject: z.enum(INCIDENT_SUBJECTS),
  note: z.string().nullable(),
  address: z.string().nullable(),
  callBack: z.boolean(),
  createdAt: isoInstant,
  acknowledgedAt: isoInstant.nullable(),
  assignedAt: isoInstant.nullable(),
  etaAt: isoInstant.nullable(),
  arrivedAt: isoInstant.nullable(),
  closedAt: isoInstant.nullable(),
  /** Nobody acknowledged within EMERGENCY_ACK_TIMEOUT_SECONDS: call the emergency number. */
  unanswered: z.boolean(),
  unitCallSign: z.string().nullable(),
  emergencyNumber: z.string(),
});
export type OwnIncidentDto = z.infer<typeof ownIncidentSchema>;
export const currentIncidentSchema = z.object({ incident: ownIncidentSchema.nullable(), emergencyNumber: z.string() });

/** Dispatch and crew: the incident with its patient's minimal details and last position. */
export const dispatchIncidentSchema = z.object({
  id: z.uuid(),
  status: z.enum(INCIDENT_STATUSES),
  subject: z.enum(INCIDENT_SUBJECTS),
  note: z.string().nullable(),
  address: z.string().nullable(),
  callBack: z.boolean(),
  createdAt: isoInstant,
  acknowledgedAt: isoInstant.nullable(),
  etaAt: isoInstant.nullable(),
  unanswered: z.boolean(),
  patient: z.object({ id: z.uuid(), name: z.string(), phone: z.string().nullable(), birthDate: z.string().nullable() }),
  location: location.nullable(),
  unit: unitRef.nullable(),
});
export type DispatchIncidentDto = z.infer<typeof dispatchIncidentSchema>;

export const unitSchema = z.object({
  id: z.uuid(),
  callSign: z.string(),
  status: z.enum(UNIT_STATUSES),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  positionAt: isoInstant.nullable(),
});
export type UnitDto = z.infer<typeof unitSchema>;

export const boardSchema = z.object({
  incidents: z.array(dispatchIncidentSchema),
  units: z.array(unitSchema),
  mapTileUrl: z.string(),
  speedKmh: z.number(),
});
export type BoardDto = z.infer<typeof boardSchema>;

export const suggestionSchema = z.object({
  suggestion: z.object({ unitId: z.uuid(), callSign: z.string(), distanceKm: z.number(), etaSeconds: z.number().int() }).nullable(),
  ranked: z.array(z.object({ unitId: z.uuid(), callSign: z.string(), distanceKm: z.number(), etaSeconds: z.number().int() })),
});

export const crewViewSchema = z.object({
  unit: unitSchema.nullable(),
  incident: dispatchIncidentSchema.nullable(),
  accepted: z.boolean(),
  distanceKm: z.number().nullable(),
});
export type CrewViewDto = z.infer<typeof crewViewSchema>;
export const locationAcceptedSchema = z.object({ recordedAt: isoInstant });
