import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { citext, createdAt, id, instant, updatedAt } from '../db/columns.js';

export const ROLES = [
  'patient',
  'doctor',
  'nurse',
  'receptionist',
  'pharmacist',
  'lab_technician',
  'radiologist',
  'radiographer',
  'billing',
  'inventory_manager',
  'paramedic',
  'admin',
] as const;
export type Role = (typeof ROLES)[number];
export const STAFF_ROLES = ROLES.filter((r): r is Exclude<Role, 'patient'> => r !== 'patient');

export const users = pgTable(
  'users',
  {
    id: id(),
    email: citext('email').notNull(),
    passwordHash: text('password_hash'),
    role: text('role').$type<Role>().notNull(),
    nurseLead: boolean('nurse_lead').notNull().default(false),
    privacyOfficer: boolean('privacy_officer').notNull().default(false),
    /** Emergency dispatch (docs/emergency.md): set by administrators on staff accounts. */
    dispatcher: boolean('dispatcher').notNull().default(false),
    emailVerifiedAt: instant('email_verified_at'),
    locale: text('locale').notNull().default('en'),
    /** Null: the account follows the hospital's zone (HOSPITAL_TIME_ZONE, docs/time.md). */
    timeZone: text('time_zone'),
    /** AES-256-GCM sealed TOTP secret, set once enrolment is confirmed. */
    totpSecretSealed: text('totp_secret_sealed'),
    totpPendingSealed: text('totp_pending_sealed'),
    /** The last accepted TOTP time step: a code is valid for its whole window, so reuse is refused here. */
    totpLastStep: bigint('totp_last_step', { mode: 'number' }),
    disabledAt: instant('disabled_at'),
    isDemo: boolean('is_demo').notNull().default(false),
    privacyNoticeAcceptedAt: instant('privacy_notice_accepted_at'),
    privacyNoticeVersion: text('privacy_notice_version'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('users_email_key').on(t.email),
    check(
      'users_role_check',
      sql`${t.role} in ('patient','doctor','nurse','receptionist','pharmacist','lab_technician','radiologist','radiographer','billing','inventory_manager','paramedic','admin')`,
    ),
  ],
);

export const SESSION_KINDS = ['browser', 'api', 'enrollment', 'mfa_pending'] as const;
export type SessionKind = (typeof SESSION_KINDS)[number];

/** Server-side sessions: browser cookies, API bearer tokens and short-lived enrolment tokens alike. */
export const sessions = pgTable(
  'sessions',
  {
    id: id(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull(),
    kind: text('kind').$type<SessionKind>().notNull(),
    createdAt: createdAt(),
    lastSeenAt: instant('last_seen_at').notNull(),
    expiresAt: instant('expires_at').notNull(),
    revokedAt: instant('revoked_at'),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [uniqueIndex('sessions_token_hash_key').on(t.tokenHash), index('sessions_user_idx').on(t.userId, t.revokedAt)],
);

export const ONE_TIME_TOKEN_KINDS = ['email_verification', 'password_reset', 'invitation', 'email_change', 'patient_link'] as const;
export type OneTimeTokenKind = (typeof ONE_TIME_TOKEN_KINDS)[number];

/** Single-use, expiring tokens sent by e-mail (and the front desk's patient link codes). */
export const oneTimeTokens = pgTable(
  'one_time_tokens',
  {
    id: id(),
    kind: text('kind').$type<OneTimeTokenKind>().notNull(),
    tokenHash: text('token_hash').notNull(),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'cascade' }),
    payload: jsonb('payload').$type<Record<string, string>>().notNull().default({}),
    expiresAt: instant('expires_at').notNull(),
    usedAt: instant('used_at'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('one_time_tokens_hash_key').on(t.kind, t.tokenHash)],
);

export const recoveryCodes = pgTable(
  'recovery_codes',
  {
    id: id(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    codeHash: text('code_hash').notNull(),
    usedAt: instant('used_at'),
    createdAt: createdAt(),
  },
  (t) => [index('recovery_codes_user_idx').on(t.userId)],
);

export const passkeys = pgTable(
  'passkeys',
  {
    id: id(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    credentialId: text('credential_id').notNull(),
    publicKey: text('public_key').notNull(),
    counter: bigint('counter', { mode: 'number' }).notNull().default(0),
    transports: jsonb('transports').$type<string[]>().notNull().default([]),
    name: text('name').notNull().default('Passkey'),
    createdAt: createdAt(),
    lastUsedAt: instant('last_used_at'),
  },
  (t) => [uniqueIndex('passkeys_credential_key').on(t.credentialId), index('passkeys_user_idx').on(t.userId)],
);

/** WebAuthn challenges live server-side, single use, for a few minutes. */
export const webauthnChallenges = pgTable('webauthn_challenges', {
  id: id(),
  challenge: text('challenge').notNull(),
  userId: uuid('user_id').references(() => users.id, { onDelete: 'cascade' }),
  purpose: text('purpose').$type<'register' | 'login'>().notNull(),
  expiresAt: instant('expires_at').notNull(),
  createdAt: createdAt(),
});

/** Integration keys belong to a service principal, not a person, and carry scopes. */
export const apiKeys = pgTable(
  'api_keys',
  {
    id: id(),
    name: text('name').notNull(),
    keyHash: text('key_hash').notNull(),
    prefix: text('prefix').notNull(),
    scopes: jsonb('scopes').$type<string[]>().notNull(),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
    expiresAt: instant('expires_at'),
    lastUsedAt: instant('last_used_at'),
    revokedAt: instant('revoked_at'),
  },
  (t) => [uniqueIndex('api_keys_hash_key').on(t.keyHash)],
);

/**
 * Sign-in throttling keyed by a hash of the e-mail (whether or not the account exists, so a lock
 * reveals nothing) and by IP. Locks are short and grow with failures, so an attacker can slow a
 * victim down but never lock them out for good.
 */
export const authThrottles = pgTable('auth_throttles', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull().default(0),
  lockedUntil: instant('locked_until'),
  updatedAt: updatedAt(),
});
