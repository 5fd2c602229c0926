import { eq } from 'drizzle-orm';
import { users } from '../platform/auth/auth.tables.js';
import type { ServiceContext, UserActor } from '../platform/auth/actor.js';
import type { Db } from '../platform/db/database.js';
import { staffProfiles } from '../modules/staff/index.js';

/** The demo's own "session" id on audit rows of what the seed does as a person (no real session exists). */
const SEED_SESSION_ID = '00000000-0000-4000-8000-00000000de00';

/**
 * A demo staff member as the services see a signed-in person, so the seed can act through them
 * (vitals, devices, care plans): their access rules, validation, alerts and audit rows are the
 * real ones. Each call takes its own `now`: what was done days ago is done at that time.
 */
export interface DemoStaffActor {
  actor: UserActor;
  at(now: Date): ServiceContext;
}

export async function demoStaffActor(tx: Db, email: string): Promise<DemoStaffActor> {
  const [row] = await tx
    .select({
      userId: users.id,
      role: users.role,
      nurseLead: users.nurseLead,
      privacyOfficer: users.privacyOfficer,
      dispatcher: users.dispatcher,
      locale: users.locale,
      timeZone: users.timeZone,
      staffId: staffProfiles.id,
    })
    .from(users)
    .innerJoin(staffProfiles, eq(staffProfiles.userId, users.id))
    .where(eq(users.email, email));
  if (!row || row.role === 'patient') throw new Error(`no demo staff account ${email}`);
  const actor: UserActor = {
    kind: 'user',
    userId: row.userId,
    role: row.role,
    flags: { nurseLead: row.nurseLead, privacyOfficer: row.privacyOfficer, dispatcher: row.dispatcher },
    email,
    locale: row.locale,
    timeZone: row.timeZone ?? 'UTC',
    patientId: null,
    staffId: row.staffId,
    sessionId: SEED_SESSION_ID,
    sessionKind: 'browser',
    mfaEnrolled: true,
  };
  return { actor, at: (now) => ({ actor, origin: { ip: null, userAgent: 'demo seed', requestId: null }, now }) };
}
