import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { users, type Role } from '../../src/platform/auth/auth.tables.js';
import { hashPassword } from '../../src/platform/auth/passwords.js';
import { issueSession } from '../../src/platform/auth/session.service.js';
import { sessionCookieName } from '../../src/platform/http/cookies.js';
import { newTotpSecret, totpCodeAt } from '../../src/platform/auth/totp.js';
import { patients } from '../../src/modules/patients/index.js';
import { staffProfiles } from '../../src/modules/staff/index.js';
import type { TestApp } from './app.js';

export const TEST_PASSWORD = 'correct horse battery staple';

export interface TestAccount {
  userId: string;
  email: string;
  password: string;
  role: Role;
  patientId: string | null;
  staffId: string | null;
  totpSecret: string | null;
  /** A live API session token (bearer). */
  token: string;
  /** A live browser session, as a Cookie header value. */
  cookie: string;
  otp(): string;
}

let counter = 0;
const passwordHash = hashPassword(TEST_PASSWORD);

/**
 * Creates an account straight in the database (the sign-up flows have their own tests) with a
 * staff profile or a patient record, a second factor for staff, and live API and browser sessions.
 */
export async function createAccount(
  t: TestApp,
  options: {
    role: Role;
    nurseLead?: boolean;
    privacyOfficer?: boolean;
    dispatcher?: boolean;
    email?: string;
    givenName?: string;
    familyName?: string;
    birthDate?: string;
    mfa?: boolean;
    verified?: boolean;
  },
): Promise<TestAccount> {
  counter += 1;
  const email = options.email ?? `${options.role}.${counter}.${randomUUID().slice(0, 8)}@test.carewell`;
  const now = t.clock.now();
  const isStaff = options.role !== 'patient';
  const totpSecret = (options.mfa ?? isStaff) ? newTotpSecret() : null;
  const [user] = await t.db
    .insert(users)
    .values({
      email,
      passwordHash: await passwordHash,
      role: options.role,
      nurseLead: options.nurseLead ?? false,
      privacyOfficer: options.privacyOfficer ?? false,
      dispatcher: options.dispatcher ?? false,
      emailVerifiedAt: options.verified === false ? null : now,
      totpSecretSealed: totpSecret ? t.app.deps.encryptor.encrypt(totpSecret) : null,
      privacyNoticeAcceptedAt: now,
      createdAt: now,
      updatedAt: now,
    })
    .returning({ id: users.id });
  let staffId: string | null = null;
  let patientId: string | null = null;
  if (isStaff) {
    const [staff] = await t.db
      .insert(staffProfiles)
      .values({
        userId: user!.id,
        givenName: options.givenName ?? 'Test',
        familyName: options.familyName ?? `${options.role} ${counter}`,
        languages: ['en'],
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: staffProfiles.id });
    staffId = staff!.id;
  } else {
    const [patient] = await t.db
      .insert(patients)
      .values({
        mrn: String(await nextMrn(t)),
        userId: user!.id,
        givenName: options.givenName ?? 'Pat',
        familyName: options.familyName ?? `Patient ${counter}`,
        birthDate: options.birthDate ?? '1980-04-12',
        email,
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: patients.id });
    patientId = patient!.id;
  }
  const api = await issueSession(t.db, { userId: user!.id, kind: 'api', ip: null, userAgent: 'vitest', now });
  const browser = await issueSession(t.db, { userId: user!.id, kind: 'browser', ip: null, userAgent: 'vitest', now });
  return {
    userId: user!.id,
    email,
    password: TEST_PASSWORD,
    role: options.role,
    patientId,
    staffId,
    totpSecret,
    token: api.token,
    cookie: `${sessionCookieName(t.config)}=${browser.token}`,
    otp: () => totpCodeAt(totpSecret!, t.clock.now()),
  };
}

async function nextMrn(t: TestApp): Promise<number> {
  const result = await t.db.execute(sql`select nextval('patient_mrn_seq')::int as mrn`);
  return (result as { rows: { mrn: number }[] }).rows[0]!.mrn;
}

/** A patient record made by the front desk, with no portal account. */
export async function createPatientRecord(t: TestApp, values: Partial<typeof patients.$inferInsert> = {}) {
  const now = t.clock.now();
  const [row] = await t.db
    .insert(patients)
    .values({
      mrn: String(await nextMrn(t)),
      givenName: 'Walk',
      familyName: `In ${++counter}`,
      birthDate: '1975-01-01',
      createdAt: now,
      updatedAt: now,
      ...values,
    })
    .returning();
  return row!;
}
