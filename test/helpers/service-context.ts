import { asc, eq } from 'drizzle-orm';
import { auditEvents } from '../../src/platform/audit/audit.tables.js';
import type { ServiceContext } from '../../src/platform/auth/actor.js';
import type { Role } from '../../src/platform/auth/auth.tables.js';
import type { TestApp } from './app.js';

let request = 0;

/**
 * A service's context for a test account acting in `role`, at the test clock's time, with a request
 * id of its own (so a test can find exactly the audit rows one call wrote). For calling a service
 * directly, e.g. with a statement counter's handle.
 */
export function serviceContextOf(
  t: TestApp,
  account: { userId: string; email: string; staffId: string | null; patientId: string | null },
  role: Role,
): ServiceContext {
  return {
    actor: {
      kind: 'user',
      userId: account.userId,
      role,
      flags: { nurseLead: false, privacyOfficer: false },
      email: account.email,
      locale: 'en',
      timeZone: 'UTC',
      patientId: account.patientId,
      staffId: account.staffId,
      sessionId: 'service-test',
      sessionKind: 'api',
      mfaEnrolled: true,
    },
    origin: { ip: null, userAgent: 'vitest', requestId: `service-test-${++request}` },
    now: t.clock.now(),
  };
}

/** The audit rows one call with `ctx` wrote (its request id's), in order. */
export function auditRowsOf(t: TestApp, ctx: ServiceContext) {
  return t.db
    .select({
      action: auditEvents.action,
      outcome: auditEvents.outcome,
      resourceType: auditEvents.resourceType,
      resourceId: auditEvents.resourceId,
      patientId: auditEvents.patientId,
      detail: auditEvents.detail,
    })
    .from(auditEvents)
    .where(eq(auditEvents.requestId, ctx.origin.requestId!))
    .orderBy(asc(auditEvents.id));
}
