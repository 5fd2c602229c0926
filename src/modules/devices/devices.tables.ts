import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { apiKeys, users } from '../../platform/auth/auth.tables.js';
import { createdAt, id, instant } from '../../platform/db/columns.js';
import { patients } from '../patients/index.js';
import { observations } from '../records/index.js';
import { DEVICE_KINDS, MONITORING_PROGRAMMES, type DeviceKind, type MonitoringProgramme } from './devices.vocabulary.js';

/**
 * A patient's home device (a blood-pressure cuff, a glucometer, a wearable). Its credential is an
 * integration key (`api_keys`, scope `devices:write`) bound here to this one device and patient:
 * ingestion resolves the key to this row and writes only this patient's observations. Revoking
 * sets `revoked_at` here and on the key in one transaction (the key stops authenticating at once).
 */
export const devices = pgTable(
  'devices',
  {
    id: id(),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id),
    kind: text('kind').$type<DeviceKind>().notNull(),
    label: text('label').notNull(),
    apiKeyId: uuid('api_key_id')
      .notNull()
      .references(() => apiKeys.id),
    registeredBy: uuid('registered_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    lastReadingAt: instant('last_reading_at'),
    revokedAt: instant('revoked_at'),
  },
  (t) => [
    uniqueIndex('devices_api_key_key').on(t.apiKeyId),
    index('devices_patient_idx').on(t.patientId, t.createdAt),
    check('devices_kind_check', sql.raw(`kind in (${DEVICE_KINDS.map((k) => `'${k}'`).join(', ')})`)),
  ],
);

/**
 * The idempotency ledger of device readings: one row per device, code and measurement time. A
 * resent reading (a device retrying, a backfill overlapping what arrived) hits the unique index
 * and is reported as a duplicate, never stored twice. The observation itself lives in the one
 * observation store (records); this row points at it.
 */
export const deviceReadings = pgTable(
  'device_readings',
  {
    deviceId: uuid('device_id')
      .notNull()
      .references(() => devices.id),
    code: text('code').notNull(),
    effectiveAt: instant('effective_at').notNull(),
    observationId: uuid('observation_id')
      .notNull()
      .references(() => observations.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('device_readings_device_code_time_key').on(t.deviceId, t.code, t.effectiveAt)],
);

/**
 * A patient enrolled in a remote-monitoring programme by a clinician (the responsible clinician
 * alerts go to first). Thresholds are NOT stored here: they are read from the patient's active
 * care-plan goals at each reading, so a changed goal applies at once. `outOfRangeStreak` counts
 * consecutive out-of-range readings; `silentSince` is set by the no-readings sweep.
 */
export const monitoringEnrolments = pgTable(
  'monitoring_enrolments',
  {
    id: id(),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id),
    programme: text('programme').$type<MonitoringProgramme>().notNull(),
    responsibleUserId: uuid('responsible_user_id')
      .notNull()
      .references(() => users.id),
    /** Alert after this many out-of-range readings in a row (1: every out-of-range reading). */
    alertAfterReadings: integer('alert_after_readings').notNull().default(1),
    /** Flag the patient when no reading arrived for this many days. */
    silentAfterDays: integer('silent_after_days').notNull().default(3),
    outOfRangeStreak: integer('out_of_range_streak').notNull().default(0),
    lastReadingAt: instant('last_reading_at'),
    /** Set by the no-readings sweep (the time it noticed); cleared by the next reading. */
    silentSince: instant('silent_since'),
    enrolledAt: instant('enrolled_at').notNull(),
    endedAt: instant('ended_at'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('monitoring_enrolments_active_key')
      .on(t.patientId, t.programme)
      .where(sql`ended_at is null`),
    // The patient's devices page: every enrolment, active and ended, newest first.
    index('monitoring_enrolments_patient_idx').on(t.patientId, t.enrolledAt),
    // The board: enrolments a clinician is responsible for (the patient's side is the unique index above).
    index('monitoring_enrolments_responsible_idx')
      .on(t.responsibleUserId)
      .where(sql`ended_at is null`),
    check('monitoring_enrolments_programme_check', sql.raw(`programme in (${MONITORING_PROGRAMMES.map((p) => `'${p}'`).join(', ')})`)),
    check('monitoring_enrolments_limits_check', sql`${t.alertAfterReadings} between 1 and 20 and ${t.silentAfterDays} between 1 and 60`),
  ],
);
