import { z } from 'zod';
import { INCIDENT_STATUSES } from '../emergency/index.js';
import { ARRIVAL_MODES, ARRIVAL_OUTCOMES, UNIDENTIFIED_SEXES } from './ed.vocabulary.js';

const isoInstant = z.iso.datetime({ offset: true });
const level = z.int().min(1).max(5);

export const triageLevelSchema = z.object({
  level,
  label: z.string(),
  targetMinutes: z.int(),
  updatedAt: isoInstant.nullable(),
  version: z.int(),
});
export type TriageLevelDto = z.infer<typeof triageLevelSchema>;
export const triageScaleSchema = z.object({ items: z.array(triageLevelSchema) });

export const levelParamsSchema = z.object({ level: z.coerce.number().pipe(level) });
export const updateTriageLevelBodySchema = z.strictObject({
  label: z.string().trim().min(1).max(80),
  targetMinutes: z.int().min(0).max(1440),
});
export type UpdateTriageLevelInput = z.infer<typeof updateTriageLevelBodySchema>;

/** A person nobody can name yet: the sex if known and an approximate age (docs/emergency.md). */
export const unidentifiedArrivalSchema = z.strictObject({
  sex: z.enum(UNIDENTIFIED_SEXES).default('unknown'),
  approximateAge: z.int().min(0).max(120),
});

export const registerArrivalBodySchema = z
  .strictObject({
    patientId: z.uuid().optional(),
    mode: z.enum(ARRIVAL_MODES),
    incidentId: z.uuid().optional(),
    /** Instead of a patient: registers an unidentified patient (a real MRN, placeholder names). */
    unidentified: unidentifiedArrivalSchema.optional(),
    chiefComplaint: z.string().trim().min(1).max(500),
    level: level.optional(),
  })
  .refine((b) => b.patientId || b.incidentId || b.unidentified, {
    message: 'Name the patient, the emergency incident they came from, or register them as unidentified.',
    path: ['patientId'],
  })
  .refine((b) => !b.unidentified || (!b.patientId && !b.incidentId), {
    message: 'An unidentified arrival names no patient and no incident.',
    path: ['unidentified'],
  })
  .refine((b) => !b.incidentId || b.mode === 'ambulance', {
    message: 'Only an ambulance arrival comes from an incident.',
    path: ['incidentId'],
  });
export type RegisterArrivalInput = z.infer<typeof registerArrivalBodySchema>;

export const triageBodySchema = z.strictObject({ level, note: z.string().trim().max(500).optional() });
export type TriageInput = z.infer<typeof triageBodySchema>;
/** The real identity of a patient registered as unidentified: the id, MRN and records stay. */
export const identifyBodySchema = z.strictObject({
  givenName: z.string().trim().min(1).max(100),
  familyName: z.string().trim().min(1).max(100),
  birthDate: z.iso.date(),
  sex: z.enum(['female', 'male', 'other', 'unknown']),
});
export type IdentifyInput = z.infer<typeof identifyBodySchema>;
export const closeArrivalBodySchema = z.strictObject({ outcome: z.enum(ARRIVAL_OUTCOMES) });
export const arrivalParamsSchema = z.object({ id: z.uuid() });

const patientLabel = z.object({
  id: z.uuid(),
  /** The stored name; for an unidentified patient a placeholder (pages show one in the viewer's language). */
  name: z.string(),
  mrn: z.string(),
  /** Registered before being identified (docs/emergency.md); null once identified. */
  unidentified: z
    .object({ sex: z.enum(['female', 'male', 'other', 'unknown']).nullable(), approximateAge: z.int(), since: isoInstant })
    .nullable(),
});
export type PatientLabelDto = z.infer<typeof patientLabel>;

export const arrivalSchema = z.object({
  id: z.uuid(),
  patient: patientLabel,
  mode: z.enum(ARRIVAL_MODES),
  incidentId: z.uuid().nullable(),
  chiefComplaint: z.string(),
  arrivedAt: isoInstant,
  level: level.nullable(),
  levelLabel: z.string().nullable(),
  targetMinutes: z.int().nullable(),
  waitedMinutes: z.int(),
  overdue: z.boolean(),
  triagedAt: isoInstant.nullable(),
  seenAt: isoInstant.nullable(),
  closedAt: isoInstant.nullable(),
  outcome: z.enum(ARRIVAL_OUTCOMES).nullable(),
});
export type ArrivalDto = z.infer<typeof arrivalSchema>;

export const arrivalDetailSchema = arrivalSchema.extend({
  triageHistory: z.array(
    z.object({
      level,
      levelLabel: z.string(),
      note: z.string().nullable(),
      assessedBy: z.uuid(),
      assessedByName: z.string().nullable(),
      assessedAt: isoInstant,
    }),
  ),
});
export type ArrivalDetailDto = z.infer<typeof arrivalDetailSchema>;

export const incomingIncidentSchema = z.object({
  incidentId: z.uuid(),
  patient: patientLabel,
  status: z.enum(INCIDENT_STATUSES),
  raisedAt: isoInstant,
  etaAt: isoInstant.nullable(),
  unit: z.object({ callSign: z.string(), status: z.string() }).nullable(),
});
export type IncomingIncidentDto = z.infer<typeof incomingIncidentSchema>;

export const edBoardSchema = z.object({
  departmentId: z.uuid().nullable(),
  incoming: z.array(incomingIncidentSchema),
  /** Open and not yet seen: untriaged first, then by level, then the longest wait. */
  waiting: z.array(arrivalSchema),
  /** Seen, not yet discharged or admitted. */
  inTreatment: z.array(arrivalSchema),
  /** Open at level 1 or 2, seen or not. */
  critical: z.array(arrivalSchema),
  scale: z.array(triageLevelSchema),
});
export type EdBoardDto = z.infer<typeof edBoardSchema>;
