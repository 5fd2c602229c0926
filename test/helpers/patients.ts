import { eq } from 'drizzle-orm';
import { careTeamMembers } from '../../src/modules/patients/index.js';
import { issueSession } from '../../src/platform/auth/session.service.js';
import type { TestApp } from './app.js';

/** Puts a staff member on a patient's care team straight in the database (the API has its own tests). */
export async function putOnCareTeam(t: TestApp, patientId: string, staffId: string) {
  const [row] = await t.db
    .insert(careTeamMembers)
    .values({ patientId, staffId, startsAt: t.clock.now(), createdAt: t.clock.now() })
    .returning();
  return row!;
}

export async function careTeamRows(t: TestApp, patientId: string) {
  return t.db.select().from(careTeamMembers).where(eq(careTeamMembers.patientId, patientId));
}

/** A new API session for an account, e.g. after moving the clock past the idle timeout. */
export async function freshToken(t: TestApp, userId: string): Promise<string> {
  const session = await issueSession(t.db, { userId, kind: 'api', ip: null, userAgent: 'vitest', now: t.clock.now() });
  return session.token;
}
