import { eq } from 'drizzle-orm';
import { issueSession } from '../../platform/auth/session.service.js';
import { sessionCookieName } from '../../platform/http/cookies.js';
import { staffProfiles } from '../staff/index.js';
import type { TestApp } from '../../../test/helpers/app.js';
import { createAccount, type TestAccount } from '../../../test/helpers/actors.js';
import { PageSession } from '../../../test/helpers/browser.js';

/** A doctor or nurse of the given department (the ED's tests need the ED's own clinicians). */
export async function departmentStaff(t: TestApp, role: 'doctor' | 'nurse', departmentId: string): Promise<TestAccount> {
  const a = await createAccount(t, { role });
  await t.db.update(staffProfiles).set({ departmentId }).where(eq(staffProfiles.userId, a.userId));
  return a;
}

/** A browser session opened now (the clock moves forward in these tests, past the idle timeout). */
export async function browserNow(t: TestApp, a: TestAccount): Promise<PageSession> {
  const session = await issueSession(t.db, { userId: a.userId, kind: 'browser', ip: null, userAgent: 'vitest', now: t.clock.now() });
  return new PageSession(t, `${sessionCookieName(t.config)}=${session.token}`);
}
