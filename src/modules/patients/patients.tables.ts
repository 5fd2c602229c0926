import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, jsonb, pgSequence, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from '../../platform/auth/auth.tables.js';
import { createdAt, id, instant, updatedAt, version } from '../../platform/db/columns.js';
import { staffProfiles } from '../staff/index.js';

/** Medical record numbers come from a sequence: human-readable, never reused. */
export const mrnSequence = pgSequence('patient_mrn_seq', { startWith: 100001 });

export const ALLERGY_STATUSES = ['not_recorded', 'no_known_allergies', 'has_allergies'] as const;
export type AllergyStatus = (typeof ALLERGY_STATUSES)[number];

export interface PostalAddress {
  line1?: string;
  line2?: string;
  city?: string;
  region?: string;
  postalCode?: string;
  country?: string;
}

export const patients = pgTable(
  'patients',
  {
    id: id(),
    mrn: text('mrn').notNull(),
    userId: uuid('user_id').references(() => users.id),
    givenName: text('given_name').notNull(),
    familyName: text('family_name').notNull(),
    birthDate: date('birth_date').notNull(),
    sex: text('sex').$type<'female' | 'male' | 'other' | 'unknown'>(),
    phone: text('phone'),
    email: text('email'),
    address: jsonb('address').$type<PostalAddress>(),
    preferredLanguage: text('preferred_language'),
    deceased: boolean('deceased').notNull().default(false),
    deceasedAt: instant('deceased_at'),
    allergyStatus: text('allergy_status').$type<AllergyStatus>().notNull().default('not_recorded'),
    /** The current health status in the patient's or clinician's words. */
    healthStatus: text('health_status'),
    /**
     * Registered in the emergency department before anyone knew who they are (docs/emergency.md):
     * the names are placeholders, the birth date an estimate from the approximate age, and pages show
     * "Unidentified man, about 40 — <arrival time>" in the viewer's language until the patient is
     * identified. Identifying keeps the id, the MRN and every record.
     */
    unidentified: boolean('unidentified').notNull().default(false),
    approximateAge: integer('approximate_age'),
    unidentifiedSince: instant('unidentified_since'),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('patients_mrn_key').on(t.mrn),
    uniqueIndex('patients_user_key').on(t.userId),
    index('patients_birth_date_idx').on(t.birthDate),
    index('patients_name_trgm_idx').using('gin', sql`(lower(${t.givenName} || ' ' || ${t.familyName})) gin_trgm_ops`),
    // Name search orders by word-similarity distance (<<->), which only a GiST index can return in
    // order: the first page is read from the index instead of ranking every match. A wide signature
    // keeps the index selective enough for a search with one match.
    index('patients_name_trgm_gist_idx').using('gist', sql`(lower(${t.givenName} || ' ' || ${t.familyName})) gist_trgm_ops(siglen=256)`),
    index('patients_family_name_idx').on(t.familyName, t.givenName, t.id),
    // Name search reads names that are, or begin with, the term from these first (patients.repository.ts,
    // indexedNameSearch): lower case in byte order, so the names that begin with a term are one range
    // [term, firstAfterPrefix(term)) and a name sorts before its extensions.
    index('patients_family_name_search_idx').on(sql`(lower(${t.familyName}) collate "C")`, sql`(lower(${t.givenName}) collate "C")`, t.id),
    index('patients_given_name_search_idx').on(sql`(lower(${t.givenName}) collate "C")`, sql`(lower(${t.familyName}) collate "C")`, t.id),
    check(
      'patients_unidentified_check',
      sql`not ${t.unidentified} or (${t.unidentifiedSince} is not null and ${t.approximateAge} is not null)`,
    ),
    check('patients_approximate_age_check', sql`${t.approximateAge} is null or ${t.approximateAge} between 0 and 120`),
    check('patients_allergy_status_check', sql`${t.allergyStatus} in ('not_recorded','no_known_allergies','has_allergies')`),
  ],
);

/** Who recorded a clinical entry: the patient (patient-reported) or a clinician (verified). */
export const ENTRY_SOURCES = ['patient', 'staff'] as const;
export type EntrySource = (typeof ENTRY_SOURCES)[number];

const clinicalEntryColumns = () => ({
  id: id(),
  patientId: uuid('patient_id')
    .notNull()
    .references(() => patients.id),
  source: text('source').$type<EntrySource>().notNull(),
  recordedBy: uuid('recorded_by').references(() => users.id),
  version: version(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const allergies = pgTable(
  'allergies',
  {
    ...clinicalEntryColumns(),
    substance: text('substance').notNull(),
    rxcui: text('rxcui'),
    reaction: text('reaction'),
    severity: text('severity').$type<'mild' | 'moderate' | 'severe' | 'unknown'>().notNull().default('unknown'),
    status: text('status').$type<'active' | 'inactive' | 'resolved' | 'entered-in-error'>().notNull().default('active'),
    verification: text('verification').$type<'confirmed' | 'unconfirmed'>().notNull(),
  },
  (t) => [index('allergies_patient_idx').on(t.patientId, t.createdAt)],
);

export const conditions = pgTable(
  'conditions',
  {
    ...clinicalEntryColumns(),
    category: text('category').$type<'condition' | 'surgery' | 'family_history'>().notNull(),
    description: text('description').notNull(),
    icd10Code: text('icd10_code'),
    onsetDate: date('onset_date'),
    status: text('status').$type<'active' | 'resolved' | 'entered-in-error'>().notNull().default('active'),
    relationship: text('relationship'),
  },
  (t) => [index('conditions_patient_idx').on(t.patientId, t.createdAt)],
);

export const emergencyContacts = pgTable(
  'emergency_contacts',
  {
    id: id(),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id),
    name: text('name').notNull(),
    relationship: text('relationship').notNull(),
    phone: text('phone').notNull(),
    email: text('email'),
    isPrimary: boolean('is_primary').notNull().default(false),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('emergency_contacts_patient_idx').on(t.patientId, t.createdAt)],
);

export const insurancePolicies = pgTable(
  'insurance_policies',
  {
    id: id(),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id),
    payer: text('payer').notNull(),
    memberNumber: text('member_number').notNull(),
    groupNumber: text('group_number'),
    planName: text('plan_name'),
    validFrom: date('valid_from'),
    validTo: date('valid_to'),
    status: text('status').$type<'active' | 'inactive'>().notNull().default('active'),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('insurance_policies_patient_idx').on(t.patientId, t.createdAt),
    check('insurance_policies_validity_check', sql`${t.validTo} is null or ${t.validFrom} is null or ${t.validTo} >= ${t.validFrom}`),
  ],
);

/** Staff linked to a patient: the clinical tier of the record opens only to them (and the patient). */
export const careTeamMembers = pgTable(
  'care_team_members',
  {
    id: id(),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id),
    staffId: uuid('staff_id')
      .notNull()
      .references(() => staffProfiles.id),
    teamRole: text('team_role'),
    startsAt: instant('starts_at').notNull(),
    endsAt: instant('ends_at'),
    addedBy: uuid('added_by').references(() => users.id),
    removedAt: instant('removed_at'),
    removedBy: uuid('removed_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('care_team_members_active_key')
      .on(t.patientId, t.staffId)
      .where(sql`${t.removedAt} is null`),
    index('care_team_members_staff_idx').on(t.staffId, t.patientId),
  ],
);

/** Emergency access outside the care team: time-limited, reasoned, reviewed by a privacy officer. */
export const breakGlassGrants = pgTable(
  'break_glass_grants',
  {
    id: id(),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    reason: text('reason').notNull(),
    createdAt: createdAt(),
    expiresAt: instant('expires_at').notNull(),
  },
  (t) => [
    index('break_glass_grants_lookup_idx').on(t.userId, t.patientId, t.expiresAt),
    check('break_glass_grants_duration_check', sql`${t.expiresAt} <= ${t.createdAt} + interval '60 minutes'`),
  ],
);

export const privacyReviewTasks = pgTable(
  'privacy_review_tasks',
  {
    id: id(),
    kind: text('kind').$type<'break_glass' | 'mfa_reset'>().notNull(),
    patientId: uuid('patient_id').references(() => patients.id),
    subjectUserId: uuid('subject_user_id').references(() => users.id),
    breakGlassGrantId: uuid('break_glass_grant_id').references(() => breakGlassGrants.id),
    status: text('status').$type<'open' | 'closed'>().notNull().default('open'),
    reviewedBy: uuid('reviewed_by').references(() => users.id),
    reviewNote: text('review_note'),
    createdAt: createdAt(),
    closedAt: instant('closed_at'),
  },
  (t) => [index('privacy_review_tasks_status_idx').on(t.status, t.createdAt)],
);
