import { z } from 'zod';
import {
  CLINICAL_ALERT_EVENTS,
  CLINICAL_ALERT_KINDS,
  CLINICAL_ALERT_SEVERITIES,
  CLINICAL_ALERT_STATUSES,
  ESCALATION_STEPS,
} from './clinical-alerts.vocabulary.js';

/** What a caller (labs, vitals) passes to `raiseClinicalAlert`. Exactly one of staffId / userId names the responsible clinician. */
export const raiseClinicalAlertInputSchema = z
  .object({
    patientId: z.uuid(),
    kind: z.enum(CLINICAL_ALERT_KINDS),
    severity: z.enum(CLINICAL_ALERT_SEVERITIES),
    responsible: z.union([z.object({ staffId: z.uuid() }).strict(), z.object({ userId: z.uuid() }).strict()]),
    source: z.object({ type: z.string().regex(/^[a-z][a-z0-9_]{1,40}$/), id: z.string().min(1).max(100) }).strict(),
    /** Shown only inside the app; may name the test, the value and the patient. */
    summary: z.string().trim().min(1).max(500),
    /** Minutes before each escalation step; default CLINICAL_ALERT_ESCALATION_MINUTES. */
    escalationDelayMinutes: z.number().int().min(1).max(1440).optional(),
    /**
     * Who is reached at raise: the responsible clinician (default), or for an emergency response
     * also the care team and the department at once (`team_and_department`; docs/clinical-alerts.md).
     */
    reach: z.enum(['responsible', 'team_and_department']).optional(),
  })
  .strict();
export type RaiseClinicalAlertInput = z.input<typeof raiseClinicalAlertInputSchema>;

export const clinicalAlertIdParamsSchema = z.object({ id: z.uuid() }).strict();

const person = z.object({ userId: z.uuid(), name: z.string() });
const patientLabel = z.object({ id: z.uuid(), name: z.string(), mrn: z.string() });

export const clinicalAlertSummarySchema = z.object({
  id: z.uuid(),
  kind: z.enum(CLINICAL_ALERT_KINDS),
  severity: z.enum(CLINICAL_ALERT_SEVERITIES),
  status: z.enum(CLINICAL_ALERT_STATUSES),
  patient: patientLabel,
  summary: z.string(),
  raisedAt: z.iso.datetime({ offset: true }),
  acknowledgedAt: z.iso.datetime({ offset: true }).nullable(),
  /** The step by which this alert reached you (0: you are the responsible clinician). */
  yourStep: z.enum(ESCALATION_STEPS),
});
export type ClinicalAlertSummaryDto = z.infer<typeof clinicalAlertSummarySchema>;

export const clinicalAlertListSchema = z.object({ items: z.array(clinicalAlertSummarySchema), nextCursor: z.null() });

export const timelineEventSchema = z.object({
  type: z.enum(CLINICAL_ALERT_EVENTS),
  step: z.enum(ESCALATION_STEPS).nullable(),
  person: person.nullable(),
  at: z.iso.datetime({ offset: true }),
});
export type TimelineEventDto = z.infer<typeof timelineEventSchema>;

export const clinicalAlertDetailSchema = clinicalAlertSummarySchema.extend({
  source: z.object({ type: z.string(), id: z.string() }),
  responsible: person,
  escalationStep: z.enum(ESCALATION_STEPS),
  nextEscalationAt: z.iso.datetime({ offset: true }).nullable(),
  acknowledgedBy: person.nullable(),
  timeline: z.array(timelineEventSchema),
});
export type ClinicalAlertDetailDto = z.infer<typeof clinicalAlertDetailSchema>;

export const reportQuerySchema = z
  .object({
    /** Local dates in the viewer's zone, inclusive; default the last 30 days. */
    from: z.iso.date().optional(),
    to: z.iso.date().optional(),
  })
  .strict();

export const timeToAcknowledgeSchema = z.object({
  from: z.iso.date(),
  to: z.iso.date(),
  timeZone: z.string(),
  kinds: z.array(
    z.object({
      kind: z.enum(CLINICAL_ALERT_KINDS),
      raised: z.number().int(),
      acknowledged: z.number().int(),
      medianSeconds: z.number().nullable(),
      p90Seconds: z.number().nullable(),
      maxSeconds: z.number().nullable(),
    }),
  ),
  items: z.array(
    z.object({
      id: z.uuid(),
      kind: z.enum(CLINICAL_ALERT_KINDS),
      severity: z.enum(CLINICAL_ALERT_SEVERITIES),
      raisedAt: z.iso.datetime({ offset: true }),
      acknowledgedAt: z.iso.datetime({ offset: true }).nullable(),
      secondsToAcknowledge: z.number().nullable(),
      escalationStep: z.enum(ESCALATION_STEPS),
    }),
  ),
  /** True when the range held more alerts than the list shows (the figures count them all). */
  truncated: z.boolean(),
});
export type TimeToAcknowledgeDto = z.infer<typeof timeToAcknowledgeSchema>;
