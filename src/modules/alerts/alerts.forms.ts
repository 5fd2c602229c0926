import { z } from 'zod';
import { broadcastAlertBodySchema } from './alerts.schemas.js';

const repeated = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]));

/**
 * The broadcast form sends strings: the department and role selects always post, so only the one
 * that matches the chosen audience is kept; channels are repeated checkboxes. The result is the
 * same input the JSON API takes, validated by the same schema.
 */
export const broadcastAlertFormSchema = z
  .object({
    type: z.string().optional(),
    severity: z.string().optional(),
    message: z.string().optional(),
    location: z.string().optional(),
    audience: z.string().optional(),
    departmentId: z.string().optional(),
    role: z.string().optional(),
    channels: repeated,
  })
  .transform(
    (f) =>
      ({
        type: f.type,
        severity: f.severity,
        message: f.message ?? '',
        location: f.location,
        audience: f.audience,
        departmentId: f.audience === 'department' ? f.departmentId : undefined,
        role: f.audience === 'role' ? f.role : undefined,
        channels: f.channels,
        // The pipe below checks every value; the cast only tells the compiler so.
      }) as z.input<typeof broadcastAlertBodySchema>,
  )
  .pipe(broadcastAlertBodySchema);

/** What the form shows again after a refusal or on the confirmation step. */
export interface AlertFormValues {
  type?: string;
  severity?: string;
  message?: string;
  location?: string;
  audience?: string;
  departmentId?: string;
  role?: string;
  channels: string[];
}

export function alertFormValues(raw: Record<string, unknown>): AlertFormValues {
  const str = (key: string) => (typeof raw[key] === 'string' ? raw[key] : undefined);
  const channels = raw.channels;
  return {
    type: str('type'),
    severity: str('severity'),
    message: str('message'),
    location: str('location'),
    audience: str('audience'),
    departmentId: str('departmentId'),
    role: str('role'),
    channels: Array.isArray(channels) ? (channels as string[]) : typeof channels === 'string' ? [channels] : [],
  };
}
