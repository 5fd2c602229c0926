import { eq, inArray } from 'drizzle-orm';
import { users } from '../../src/platform/auth/auth.tables.js';
import { issueSession } from '../../src/platform/auth/session.service.js';
import { sessionCookieName } from '../../src/platform/http/cookies.js';
import { seedDemoHospital } from '../../src/demo/seed.js';
import type { ExpectedRole } from '../authz/expected-access.js';
import type { TestApp } from '../helpers/app.js';

/**
 * Who signs in: a role, or one of the emergency department's clinicians (a doctor and a nurse whose
 * department is the ED: the ED's own pages serve only them, docs/emergency.md).
 */
export type DemoAccount = ExpectedRole | 'ed_doctor' | 'ed_nurse';

/** The demo account that signs in for each role (e2e/reachability.spec.ts uses the same ones). */
export const DEMO_ACCOUNTS: Record<DemoAccount, string> = {
  patient: 'patient@carewell.test',
  doctor: 'doctor@carewell.test',
  nurse: 'nurse@carewell.test',
  receptionist: 'reception@carewell.test',
  admin: 'admin@carewell.test',
  pharmacist: 'pharmacist@carewell.test',
  lab_technician: 'lab@carewell.test',
  radiologist: 'radiology@carewell.test',
  radiographer: 'radiographer@carewell.test',
  billing: 'billing@carewell.test',
  inventory_manager: 'inventory@carewell.test',
  paramedic: 'paramedic@carewell.test',
  ed_doctor: 'eddoctor@carewell.test',
  ed_nurse: 'ednurse@carewell.test',
};

export interface SignedIn {
  role: DemoAccount;
  userId: string;
  /** A browser session, as a Cookie header value. */
  cookie: string;
  /** An API session token (bearer). */
  token: string;
}

/**
 * The demo hospital (staff, patients with care teams, a living week of visits, notes, care plans,
 * documents, notifications) in the test database, and a browser and an API session per role.
 * The accounts are made ordinary (not demo) accounts: the test app does not run in demo mode.
 */
export async function openDemoHospital(t: TestApp): Promise<Map<DemoAccount, SignedIn>> {
  const seeded = await seedDemoHospital(t.db, t.config, t.app.deps.encryptor, t.clock.now(), t.app.deps.files);
  if (!seeded) throw new Error('the demo hospital needs an empty database');
  await t.db.update(users).set({ isDemo: false });
  const rows = await t.db
    .select({ id: users.id, email: users.email })
    .from(users)
    .where(inArray(users.email, Object.values(DEMO_ACCOUNTS)));
  const signedIn = new Map<DemoAccount, SignedIn>();
  for (const [role, email] of Object.entries(DEMO_ACCOUNTS) as [DemoAccount, string][]) {
    const userId = rows.find((r) => r.email === email)?.id;
    if (!userId) throw new Error(`no demo account ${email}`);
    const now = t.clock.now();
    const browser = await issueSession(t.db, { userId, kind: 'browser', ip: null, userAgent: 'vitest', now });
    const api = await issueSession(t.db, { userId, kind: 'api', ip: null, userAgent: 'vitest', now });
    signedIn.set(role, { role, userId, cookie: `${sessionCookieName(t.config)}=${browser.token}`, token: api.token });
  }
  return signedIn;
}

export async function userIdOf(t: TestApp, email: string): Promise<string> {
  const [row] = await t.db.select({ id: users.id }).from(users).where(eq(users.email, email));
  return row!.id;
}
