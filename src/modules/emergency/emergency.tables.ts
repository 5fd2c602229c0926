import { sql } from 'drizzle-orm';
import { boolean, check, doublePrecision, index, integer, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from '../../platform/auth/auth.tables.js';
import { createdAt, id, instant, updatedAt } from '../../platform/db/columns.js';
import { patients } from '../patients/index.js';
import type { IncidentStatus, IncidentSubject, UnitStatus } from './emergency.vocabulary.js';

/**
 * A patient's emergency call (docs/emergency.md). One open incident per patient, enforced by the
 * partial unique index; a retry carries the same idempotency key and updates the open incident.
 * Times come from the injected clock (no database defaults).
 */
export const emergencyIncidents = pgTable(
  'emergency_incidents',
  {
    id: id(),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id),
    reportedBy: uuid('reported_by')
      .notNull()
      .references(() => users.id),
    subject: text('subject').$type<IncidentSubject>().notNull(),
    note: text('note'),
    address: text('address'),
    callBack: boolean('call_back').notNull().default(false),
    status: text('status').$type<IncidentStatus>().notNull().default('received'),
    idempotencyKey: text('idempotency_key').notNull(),
    /** The assigned unit's estimated arrival, recomputed from its last position. */
    etaAt: instant('eta_at'),
    acknowledgedAt: instant('acknowledged_at'),
    acknowledgedBy: uuid('acknowledged_by').references(() => users.id),
    assignedAt: instant('assigned_at'),
    enRouteAt: instant('en_route_at'),
    arrivedAt: instant('arrived_at'),
    closedAt: instant('closed_at'),
    closedBy: uuid('closed_by').references(() => users.id),
    /** Set when dispatch was notified that nobody acknowledged in time. */
    escalatedAt: instant('escalated_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('emergency_incidents_one_open_per_patient')
      .on(t.patientId)
      .where(sql`${t.status} <> 'closed'`),
    uniqueIndex('emergency_incidents_idempotency_key').on(t.patientId, t.idempotencyKey),
    index('emergency_incidents_board_idx').on(t.status, t.createdAt, t.id),
    index('emergency_incidents_patient_idx').on(t.patientId, t.createdAt),
    check(
      'emergency_incidents_status_check',
      sql`${t.status} in ('received','acknowledged','ambulance_assigned','en_route','arrived','closed')`,
    ),
    check('emergency_incidents_subject_check', sql`${t.subject} in ('self','companion')`),
    check('emergency_incidents_note_check', sql`char_length(${t.note}) <= 500`),
    check('emergency_incidents_closed_check', sql`(${t.status} = 'closed') = (${t.closedAt} is not null)`),
  ],
);

/** The patient's phone positions while the incident is open; deleted after the retention period. */
export const emergencyLocations = pgTable(
  'emergency_locations',
  {
    id: id(),
    incidentId: uuid('incident_id')
      .notNull()
      .references(() => emergencyIncidents.id, { onDelete: 'cascade' }),
    latitude: doublePrecision('latitude').notNull(),
    longitude: doublePrecision('longitude').notNull(),
    accuracyM: doublePrecision('accuracy_m'),
    recordedAt: instant('recorded_at').notNull(),
  },
  (t) => [
    index('emergency_locations_incident_idx').on(t.incidentId, t.recordedAt),
    index('emergency_locations_recorded_idx').on(t.recordedAt),
    check('emergency_locations_latitude_check', sql`${t.latitude} between -90 and 90`),
    check('emergency_locations_longitude_check', sql`${t.longitude} between -180 and 180`),
    check('emergency_locations_accuracy_check', sql`${t.accuracyM} is null or ${t.accuracyM} >= 0`),
  ],
);

/** An ambulance and its last known position (from its crew's phones). */
export const ambulanceUnits = pgTable(
  'ambulance_units',
  {
    id: id(),
    callSign: text('call_sign').notNull(),
    status: text('status').$type<UnitStatus>().notNull().default('available'),
    latitude: doublePrecision('latitude'),
    longitude: doublePrecision('longitude'),
    positionAt: instant('position_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('ambulance_units_call_sign_key').on(t.callSign),
    check(
      'ambulance_units_status_check',
      sql`${t.status} in ('available','assigned','en_route','on_scene','transporting','at_hospital','out_of_service')`,
    ),
    check('ambulance_units_position_check', sql`(${t.latitude} is null) = (${t.longitude} is null)`),
  ],
);

/** Who rides a unit: a paramedic belongs to one unit at a time. */
export const ambulanceCrew = pgTable(
  'ambulance_crew',
  {
    unitId: uuid('unit_id')
      .notNull()
      .references(() => ambulanceUnits.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
  },
  (t) => [primaryKey({ name: 'ambulance_crew_pkey', columns: [t.unitId, t.userId] }), uniqueIndex('ambulance_crew_user_key').on(t.userId)],
);

/**
 * A unit sent to an incident. The partial unique indexes make it impossible for a unit to be on two
 * open incidents, or an incident to have two units at once.
 */
export const emergencyAssignments = pgTable(
  'emergency_assignments',
  {
    id: id(),
    incidentId: uuid('incident_id')
      .notNull()
      .references(() => emergencyIncidents.id),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => ambulanceUnits.id),
    assignedBy: uuid('assigned_by')
      .notNull()
      .references(() => users.id),
    assignedAt: instant('assigned_at').notNull(),
    acceptedAt: instant('accepted_at'),
    acceptedBy: uuid('accepted_by').references(() => users.id),
    endedAt: instant('ended_at'),
  },
  (t) => [
    uniqueIndex('emergency_assignments_one_open_per_unit')
      .on(t.unitId)
      .where(sql`${t.endedAt} is null`),
    uniqueIndex('emergency_assignments_one_open_per_incident')
      .on(t.incidentId)
      .where(sql`${t.endedAt} is null`),
    index('emergency_assignments_incident_idx').on(t.incidentId, t.assignedAt),
  ],
);
