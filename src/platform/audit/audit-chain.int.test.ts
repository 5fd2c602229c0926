import { asc, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/helpers/app.js';
import { auditPatientsAccess, writeAudit } from './audit.service.js';
import { sealAuditChain, verifyAuditChain } from './audit-chain.js';
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
