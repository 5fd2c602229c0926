import { asc, eq, sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/helpers/app.js';
import { auditPatientsAccess, pendingPatientsAudit, writeAudit } from './audit.service.js';
import { sealAuditBacklog, sealAuditChain, verifyAuditChain } from './audit-chain.js';
import { auditEvents } from './audit.tables.js';
import { postgresLegReady } from '../../../test/helpers/postgres-leg.js';

describe('audit chain', () => {
  const t = useTestApp();

  async function record(n: number) {
    for (let i = 0; i < n; i++) {
      await writeAudit(
        t.db,
        { userId: null, role: 'system' },
        null,
        { action: 'test.event', resourceType: 'test', resourceId: String(i), detail: { i } },
        t.clock.now(),
      );
    }
  }

  it('seals rows in id order into one chain that verifies', async () => {
    await record(5);
    expect(await sealAuditChain(t.db)).toBeGreaterThanOrEqual(5);
    await record(3);
    await sealAuditChain(t.db);
    const rows = await t.db.select().from(auditEvents).orderBy(asc(auditEvents.seq));
    expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i + 1));
    rows.slice(1).forEach((row, i) => expect(row.prevHash).toBe(rows[i]!.hash));
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true, checked: rows.length, unsealed: 0 });
  });

  it('seals a backlog of many batches in one run, up to the batches it is given', async () => {
    await record(12);
    const unsealed = async () => (await verifyAuditChain(t.db)).unsealed;
    const { checked: sealedBefore } = await verifyAuditChain(t.db);
    const before = await unsealed();
    expect(before).toBeGreaterThanOrEqual(12);
    expect(await sealAuditBacklog(t.db, { batchSize: 5, maxBatches: 2 })).toBe(10);
    expect(await unsealed()).toBe(before - 10);
    expect(await sealAuditBacklog(t.db, { batchSize: 5 })).toBe(before - 10);
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true, checked: sealedBefore + before, unsealed: 0 });
  });

  it('refuses deletes and edits of audit rows at the database', async () => {
    const [row] = await t.db.select().from(auditEvents).limit(1);
    await expect(t.db.delete(auditEvents).where(eq(auditEvents.id, row!.id))).rejects.toThrow();
    await expect(t.db.update(auditEvents).set({ action: 'forged' }).where(eq(auditEvents.id, row!.id))).rejects.toThrow();
    await expect(t.db.execute(sql`truncate audit_events`)).rejects.toThrow();
    const [after] = await t.db.select().from(auditEvents).where(eq(auditEvents.id, row!.id));
    expect(after!.action).toBe('test.event');
  });

  it('names the first broken link when someone with superuser access rewrites a row', async () => {
    await record(2);
    await sealAuditChain(t.db);
    const rows = await t.db.select().from(auditEvents).orderBy(asc(auditEvents.seq));
    const victim = rows[3]!;
    await t.db.execute(sql`alter table audit_events disable trigger audit_events_no_update`);
    await t.db.execute(sql`update audit_events set detail = '{"i": 999}'::jsonb where id = ${victim.id}`);
    await t.db.execute(sql`alter table audit_events enable trigger audit_events_no_update`);
    const result = await verifyAuditChain(t.db);
    expect(result.ok).toBe(false);
    expect(result.firstBroken).toMatchObject({ seq: victim.seq, id: victim.id, reason: 'content does not match its hash' });
  });
});

describe('audit rows of a list view', () => {
  const t = useTestApp();

  it('writes one row per patient in one insert, returns the proof naming them, and seals them like any other', async () => {
    const ids = ['00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002'];
    const actor = { userId: null, role: 'system' };
    expect((await auditPatientsAccess(t.db, actor, null, [], t.clock.now())).patientIds).toEqual([]);
    const entries = ids.map((patientId, i) => ({ action: 'test.list_view', resourceType: 'test', patientId, detail: { i } }));
    const audited = await auditPatientsAccess(t.db, actor, null, [...entries, entries[0]!], t.clock.now());
    expect(audited.patientIds).toEqual(ids);
    const rows = await t.db.select().from(auditEvents).where(eq(auditEvents.action, 'test.list_view')).orderBy(asc(auditEvents.id));
    expect(rows.map((r) => r.patientId)).toEqual([...ids, ids[0]]);
    expect(rows[0]).toMatchObject({ outcome: 'success', severity: 'low', actorRole: 'system', detail: { i: 0 } });
    await sealAuditChain(t.db);
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true, unsealed: 0 });
  });

  it('writes every column of each entry, with the viewer, origin and time shared, from one statement text for any count', async () => {
    const actor = { userId: '00000000-0000-4000-8000-0000000000aa', role: 'doctor' };
    const origin = { ip: '203.0.113.7', userAgent: 'x'.repeat(400), requestId: 'req-1' };
    const now = t.clock.now();
    const patients = [
      '00000000-0000-4000-8000-000000000011',
      '00000000-0000-4000-8000-000000000012',
      '00000000-0000-4000-8000-000000000013',
    ];
    const entries = patients.map((patientId, i) => ({
      action: 'test.many',
      resourceType: 'patient',
      resourceId: i === 0 ? null : `r${i}`,
      patientId,
      category: i === 1 ? ('clinical' as const) : null,
      outcome: i === 2 ? ('denied' as const) : undefined,
      severity: i === 2 ? ('high' as const) : undefined,
      detail: i === 0 ? undefined : { sections: ['notes'], i },
    }));
    const textOf = (count: number) =>
      new PgDialect().sqlToQuery(pendingPatientsAudit(t.db, actor, origin, entries.slice(0, count), now).write!.getSQL()).sql;
    expect(textOf(1)).toBe(textOf(3));
    await auditPatientsAccess(t.db, actor, origin, entries, now);
    const rows = await t.db.select().from(auditEvents).where(eq(auditEvents.action, 'test.many')).orderBy(asc(auditEvents.id));
    const shared = { occurredAt: now, actorUserId: actor.userId, actorRole: 'doctor', actorApiKeyId: null, ip: '203.0.113.7' };
    expect(rows.map((r) => ({ ...r, userAgent: r.userAgent?.length }))).toMatchObject([
      { ...shared, userAgent: 300, requestId: 'req-1', resourceType: 'patient', resourceId: null, patientId: patients[0], category: null },
      { ...shared, resourceId: 'r1', patientId: patients[1], category: 'clinical', outcome: 'success', severity: 'low' },
      { ...shared, resourceId: 'r2', patientId: patients[2], outcome: 'denied', severity: 'high', detail: { sections: ['notes'], i: 2 } },
    ]);
    expect(rows[0]).toMatchObject({ outcome: 'success', severity: 'low', detail: {} });
  });
});

describe('audit chain under concurrency', () => {
  const t = useTestApp();
  const onPostgres = postgresLegReady();

  it.runIf(onPostgres)(
    'stays one unbroken chain while writers and two sealers run at once (PostgreSQL only: PGlite runs one query at a time)',
    async () => {
      const writers = Array.from({ length: 8 }, (_, w) =>
        (async () => {
          for (let i = 0; i < 25; i++) {
            await t.db.transaction(async (tx) => {
              await writeAudit(
                tx,
                { userId: null, role: 'system' },
                null,
                { action: 'race.event', resourceType: 'test', detail: { w, i } },
                t.clock.now(),
              );
            });
          }
        })(),
      );
      const sealers = Array.from({ length: 2 }, async () => {
        for (let i = 0; i < 20; i++) await sealAuditChain(t.db, 50);
      });
      await Promise.all([...writers, ...sealers]);
      while ((await sealAuditChain(t.db)) > 0);
      expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true, checked: 200, unsealed: 0 });
    },
  );
});
