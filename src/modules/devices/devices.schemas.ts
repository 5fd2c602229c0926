import { z } from 'zod';
import { DEVICE_KINDS, MONITORING_PROGRAMMES } from './devices.vocabulary.js';

export const deviceIdParamsSchema = z.object({ id: z.uuid() }).strict();
export const enrolmentIdParamsSchema = z.object({ id: z.uuid() }).strict();

export const registerDeviceBodySchema = z
  .object({
    kind: z.enum(DEVICE_KINDS),
    label: z.string().trim().min(1).max(80),
  })
  .strict();
export type RegisterDeviceInput = z.infer<typeof registerDeviceBodySchema>;

export const deviceSchema = z.object({
  id: z.uuid(),
  patientId: z.uuid(),
  kind: z.enum(DEVICE_KINDS),
  label: z.string(),
  /** The first characters of the credential, to tell devices apart; never the credential. */
  credentialPrefix: z.string(),
  status: z.enum(['active', 'revoked']),
  createdAt: z.iso.datetime({ offset: true }),
  lastReadingAt: z.iso.datetime({ offset: true }).nullable(),
  revokedAt: z.iso.datetime({ offset: true }).nullable(),
});
export type DeviceDto = z.infer<typeof deviceSchema>;

/** The answer to a registration: the device and its credential, shown this once (only its hash is kept). */
export const registeredDeviceSchema = z.object({ device: deviceSchema, credential: z.string() });
export const deviceListSchema = z.object({ items: z.array(deviceSchema), nextCursor: z.null() });

/** Most readings one request may carry: larger backfills are sent in several batches. */
export const MAX_BATCH_READINGS = 1000;

export const deviceReadingSchema = z
  .object({
    /** LOINC code of the measurement. */
    code: z.string().min(1).max(20),
    value: z.number(),
    /** UCUM unit code: the code's unit, or one converted to it (glucose: mg/dL or mmol/L). */
    unit: z.string().min(1).max(20),
    /** When it was measured (ISO 8601 with offset); old times are a backfill, accepted. */
    effectiveAt: z.iso.datetime({ offset: true }),
  })
  .strict();

export const deviceBatchBodySchema = z
  .object({
    /** Optional: when given it must be the device's own patient (anything else is refused, 404). */
    patientId: z.uuid().optional(),
    readings: z.array(deviceReadingSchema).min(1).max(MAX_BATCH_READINGS),
  })
  .strict();
export type DeviceBatchInput = z.infer<typeof deviceBatchBodySchema>;

const rejectedSchema = z.object({ index: z.number().int(), path: z.string(), message: z.string() });
export const deviceBatchResultSchema = z.object({
  received: z.number().int(),
  stored: z.number().int(),
  /** Indexes of readings this device had already sent (same code and time): not stored again, not an error. */
  duplicates: z.array(z.number().int()),
  rejected: z.array(rejectedSchema),
});
export type DeviceBatchResult = z.infer<typeof deviceBatchResultSchema>;

export const enrolBodySchema = z
  .object({
    programme: z.enum(MONITORING_PROGRAMMES),
    /** Alert after this many out-of-range readings in a row (default 1). */
    alertAfterReadings: z.number().int().min(1).max(20).optional(),
    /** Flag the patient after this many days without a reading (default 3). */
    silentAfterDays: z.number().int().min(1).max(60).optional(),
  })
  .strict();
export type EnrolInput = z.infer<typeof enrolBodySchema>;

export const enrolmentSchema = z.object({
  id: z.uuid(),
  patientId: z.uuid(),
  programme: z.enum(MONITORING_PROGRAMMES),
  responsibleUserId: z.uuid(),
  alertAfterReadings: z.number().int(),
  silentAfterDays: z.number().int(),
  enrolledAt: z.iso.datetime({ offset: true }),
  endedAt: z.iso.datetime({ offset: true }).nullable(),
});
export type EnrolmentDto = z.infer<typeof enrolmentSchema>;

const boardReadingSchema = z.object({
  code: z.string(),
  value: z.number(),
  unit: z.string(),
  effectiveAt: z.iso.datetime({ offset: true }),
});
export const boardRowSchema = z.object({
  enrolmentId: z.uuid(),
  patient: z.object({ id: z.uuid(), name: z.string(), mrn: z.string() }),
  programme: z.enum(MONITORING_PROGRAMMES),
  /** Newest first, a few per measured code: the last reading and its trend. */
  readings: z.array(boardReadingSchema),
  lastReadingAt: z.iso.datetime({ offset: true }).nullable(),
  outOfRangeStreak: z.number().int(),
  silentSince: z.iso.datetime({ offset: true }).nullable(),
  /** `onYourChain`: the alert reached you, so you may open and acknowledge it (404 otherwise). */
  openAlerts: z.array(
    z.object({ id: z.uuid(), summary: z.string(), raisedAt: z.iso.datetime({ offset: true }), onYourChain: z.boolean() }),
  ),
});
export type BoardRow = z.infer<typeof boardRowSchema>;
export const boardSchema = z.object({ items: z.array(boardRowSchema), nextCursor: z.null() });
