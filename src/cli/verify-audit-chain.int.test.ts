import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeAudit } from '../platform/audit/audit.service.js';
import { auditEvents } from '../platform/audit/audit.tables.js';
import type { Database } from '../platform/db/database.js';
import { createTestDatabase } from '../../test/helpers/database.js';
import { runAuditVerification } from './verify-audit-chain.js';

describe('npm run audit:verify (core)', () => {
  let database: Database;
  const now = new Date('2026-11-27T09:00:00Z');

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database?.close();
  });

  const addEvents = async (count: number) => {
    for (let i = 0; i < count; i++) {
      await writeAudit(
        database.db,
        { userId: null, role: 'admin' },
        null,
        { action: 'test.event', resourceType: 'test', resourceId: String(i) },
        now,
      );
    }
  };

  it('seals pending rows and reports an intact chain with exit code 0', async () => {
    await addEvents(5);
    const report = await runAuditVerification(database.db);
    expect(report.exitCode).toBe(0);
    expect(report.result.sealed).toBe(5);
    expect(report.message).toBe(`audit chain OK: ${report.result.checked} events`);
    const unsealed = await database.db
      .select()
      .from(auditEvents)
      .where(sql`${auditEvents.hash} is null`);
    expect(unsealed).toEqual([]);
  });

  it('names the seq of a row changed behind the trigger, with exit code 1', async () => {
    await addEvents(3);
    await runAuditVerification(database.db);
    const [victim] = await database.db.select().from(auditEvents).where(eq(auditEvents.resourceId, '2')).limit(1);
    // An attacker with superuser access can switch the append-only trigger off.
    await database.db.execute(sql`alter table audit_events disable trigger audit_events_no_update`);
    await database.db.update(auditEvents).set({ action: 'test.innocent' }).where(eq(auditEvents.id, victim!.id));
    await database.db.execute(sql`alter table audit_events enable trigger audit_events_no_update`);
    const report = await runAuditVerification(database.db);
    expect(report.exitCode).toBe(1);
    expect(report.result.firstBroken).toMatchObject({ seq: victim!.seq, id: victim!.id });
    expect(report.message).toBe(`audit chain BROKEN at seq ${victim!.seq} (event id ${victim!.id}): content does not match its hash`);
  });
});
