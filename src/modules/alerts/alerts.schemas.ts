import { z } from 'zod';
import { listQuerySchema, listResponseSchema } from '../../platform/http/api-helpers.js';
import { staffRoleSchema } from '../staff/index.js';
import { ALERT_AUDIENCES, ALERT_CHANNELS, ALERT_SEVERITIES, ALERT_TYPES } from './alerts.tables.js';

const isoInstant = z.iso.datetime({ offset: true });
export const alertIdParamsSchema = z.object({ id: z.uuid() });

/**
 * A broadcast. The audience is one of: everyone (all active staff), a department, or a role; the
 * department or role is named only with its audience kind. In-app banners always go out; `channels`
 * adds e-mail, SMS or push through each person's notification preferences.
 */
export const broadcastAlertBodySchema = z
  .strictObject({
    // No default: the sender chooses the type every time.
    type: z.enum(ALERT_TYPES, {
      error: (issue) => (issue.input === undefined ? 'Choose the alert type' : 'Choose one of the alert types'),
    }),
    severity: z.enum(ALERT_SEVERITIES),
    message: z.string().trim().min(1).max(1000),
    location: z.string().trim().min(1).max(200).optional(),
    audience: z.enum(ALERT_AUDIENCES),
    departmentId: z.uuid().optional(),
    role: staffRoleSchema.optional(),
    channels: z
      .array(z.enum(ALERT_CHANNELS))
      .max(ALERT_CHANNELS.length)
      .optional()
      .transform((c) => [...new Set(c ?? [])]),
  })
  .superRefine((body, ctx) => {
    if (body.audience === 'department' && !body.departmentId)
      ctx.addIssue({ code: 'custom', path: ['departmentId'], message: 'Choose the department' });
    if (body.audience !== 'department' && body.departmentId)
      ctx.addIssue({ code: 'custom', path: ['departmentId'], message: 'Only for a department audience' });
    if (body.audience === 'role' && !body.role) ctx.addIssue({ code: 'custom', path: ['role'], message: 'Choose the role' });
    if (body.audience !== 'role' && body.role) ctx.addIssue({ code: 'custom', path: ['role'], message: 'Only for a role audience' });
  });
export type BroadcastAlertInput = z.output<typeof broadcastAlertBodySchema>;

/**
 * A code blue (medical emergency) called by any clinician: where, and optionally what. Type and
 * severity are fixed (code blue, critical); the recipients are the resuscitation team.
 */
export const codeBlueBodySchema = z.strictObject({
  departmentId: z.uuid({ error: 'Choose the department' }),
  location: z.string({ error: 'Say where: ward, room or bed' }).trim().min(1, 'Say where: ward, room or bed').max(200),
  message: z.string().trim().max(1000).optional(),
});
export type CodeBlueInput = z.output<typeof codeBlueBodySchema>;

export const alertListQuerySchema = listQuerySchema.extend({
  status: z.enum(['active', 'resolved']).optional(),
});
export type AlertListQuery = z.infer<typeof alertListQuerySchema>;

const personRef = z.object({ userId: z.uuid(), name: z.string() });

export const alertSchema = z.object({
  id: z.uuid(),
  type: z.enum(ALERT_TYPES),
  severity: z.enum(ALERT_SEVERITIES),
  message: z.string(),
  location: z.string().nullable(),
  audience: z.enum(ALERT_AUDIENCES),
  department: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  role: z.string().nullable(),
  channels: z.array(z.enum(ALERT_CHANNELS)),
  sentBy: personRef,
  createdAt: isoInstant,
  resolvedAt: isoInstant.nullable(),
  resolvedBy: personRef.nullable(),
  recipientCount: z.number().int(),
  acknowledgedCount: z.number().int(),
  /** For the caller: null when the alert was not addressed to them. */
  myAcknowledgement: z.object({ acknowledgedAt: isoInstant.nullable() }).nullable(),
});
export type AlertDto = z.infer<typeof alertSchema>;

export const alertRecipientSchema = z.object({
  userId: z.uuid(),
  name: z.string(),
  role: z.string(),
  department: z.string().nullable(),
  acknowledgedAt: isoInstant.nullable(),
});
export type AlertRecipientDto = z.infer<typeof alertRecipientSchema>;

/** The details; the lists of who has and has not acknowledged only for the sender and broadcasters. */
export const alertDetailSchema = alertSchema.extend({
  acknowledgements: z.object({ acknowledged: z.array(alertRecipientSchema), pending: z.array(alertRecipientSchema) }).nullable(),
});
export type AlertDetailDto = z.infer<typeof alertDetailSchema>;

export const alertListSchema = listResponseSchema(alertSchema);

export const acknowledgementSchema = z.object({ alertId: z.uuid(), acknowledgedAt: isoInstant });
export type AcknowledgementDto = z.infer<typeof acknowledgementSchema>;

/** The banner shape live.js renders (fixed between the alerts and events modules). */
export const bannerSchema = z.object({
  id: z.string(),
  severity: z.enum(ALERT_SEVERITIES),
  title: z.string(),
  message: z.string(),
  location: z.string().optional(),
  ackUrl: z.string().optional(),
});
export type Banner = z.infer<typeof bannerSchema>;
export const bannerListSchema = z.object({ items: z.array(bannerSchema) });
