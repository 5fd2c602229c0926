import { eq } from 'drizzle-orm';
import { allergies, breakGlassGrants, careTeamMembers } from '../../src/modules/patients/index.js';
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

/**
 * A live break-the-glass grant for an hour, straight in the database (the grant's own flow, with its
 * reason and its audit, has its tests in the patients module).
 */
export async function grantBreakGlass(t: TestApp, patientId: string, userId: string, reason = 'Unconscious in the emergency department') {
  await t.db.insert(breakGlassGrants).values({
    patientId,
    userId,
    reason,
    createdAt: t.clock.now(),
    expiresAt: new Date(t.clock.now().getTime() + 3_600_000),
  });
}

/** A confirmed allergy recorded by staff, straight in the database (recording one has its own tests). */
export async function addConfirmedAllergy(t: TestApp, patientId: string, substance = 'latex') {
  const now = t.clock.now();
  await t.db.insert(allergies).values({ patientId, substance, source: 'staff', verification: 'confirmed', createdAt: now, updatedAt: now });
}

export async function careTeamRows(t: TestApp, patientId: string) {
  return t.db.select().from(careTeamMembers).where(eq(careTeamMembers.patientId, patientId));
}

/** A new API session for an account, e.g. after moving the clock past the idle timeout. */
export async function freshToken(t: TestApp, userId: string): Promise<string> {
  const session = await issueSession(t.db, { userId, kind: 'api', ip: null, userAgent: 'vitest', now: t.clock.now() });
  return session.token;
}
