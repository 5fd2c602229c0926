import { z } from 'zod';
import { ENCOUNTER_STATUSES, ENCOUNTER_TYPES } from './encounters.tables.js';

export const encounterParamsSchema = z.object({ id: z.uuid() });

export const createEncounterBodySchema = z.strictObject({
  type: z.enum(ENCOUNTER_TYPES),
  appointmentId: z.uuid().optional(),
});
export type CreateEncounterInput = z.infer<typeof createEncounterBodySchema>;

export const encounterSchema = z.object({
  id: z.uuid(),
  patientId: z.uuid(),
  type: z.enum(ENCOUNTER_TYPES),
  status: z.enum(ENCOUNTER_STATUSES),
  appointmentId: z.uuid().nullable(),
  clinicianId: z.uuid(),
  clinicianName: z.string(),
  startedAt: z.date().nullable(),
  endedAt: z.date().nullable(),
  hasSummary: z.boolean(),
  version: z.number().int(),
  createdAt: z.date(),
});
export type Encounter = z.infer<typeof encounterSchema>;

export const shareSummaryBodySchema = z.strictObject({
  summary: z.string().trim().min(1).max(10000),
  instructions: z.string().trim().max(10000).default(''),
});
export type ShareSummaryInput = z.infer<typeof shareSummaryBodySchema>;

export const sharedSummarySchema = z.object({
  id: z.uuid(),
  encounterId: z.uuid(),
  sharedAt: z.date(),
  clinicianName: z.string(),
  summary: z.string(),
  instructions: z.string(),
});
export type SharedSummary = z.infer<typeof sharedSummarySchema>;

/** The chart's view of an encounter (fixed interface with the CHART engineer). */
export interface ChartEncounter {
  id: string;
  type: string;
  status: string;
  startedAt: Date | null;
  endedAt: Date | null;
  clinicianName: string;
  appointmentId: string | null;
}
