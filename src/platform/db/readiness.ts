import { sql } from 'drizzle-orm';
import type { Db } from './database.js';
import { readinessHeartbeat } from './readiness.tables.js';

export type Readiness =
  { status: 'ok' } | { status: 'migrations_pending'; applied: number; expected: number } | { status: 'database_unavailable' };

/** A probe that has not answered by then counts as "not ready" (orchestrators time out at ~1-5 s). */
const PROBE_TIMEOUT_MS = 2_000;
/** Probes within this window share one result, so hammering /readyz cannot turn into a write storm. */
const REUSE_MS = 1_000;

/**
 * Readiness is "migrations applied AND a write commits": a database that answers SELECTs but cannot
 * commit (a standby after a failover, `default_transaction_read_only`, a WAL that cannot be
 * written) must take the instance out of the load balancer. The write is one upsert of the single
 * row of `readiness_heartbeat` (bounded: the table never grows). Concurrent probes share one
 * attempt and results are reused for a second, so /readyz (public) costs at most one write a second
 * per instance. `monotonicMs` only spaces probes; it is not the wall clock.
 */
export function createReadinessProbe(options: {
  db: Db;
  clock: () => Date;
  expectedMigrations: number;
  monotonicMs?: () => number;
}): () => Promise<Readiness> {
  const monotonicMs = options.monotonicMs ?? (() => performance.now());
  let inFlight: Promise<Readiness> | undefined;
  let last: { at: number; result: Readiness } | undefined;

  async function probe(): Promise<Readiness> {
    return options.db.transaction(async (tx) => {
      // Bounds the statements on the server too, not only our wait for them.
      await tx.execute(sql`set local statement_timeout = ${sql.raw(String(PROBE_TIMEOUT_MS))}`);
      const result = await tx.execute(sql`select count(*)::int as applied from drizzle.__drizzle_migrations`);
      const applied = Number((result as { rows: { applied: number }[] }).rows[0]?.applied ?? 0);
      if (applied < options.expectedMigrations)
        return { status: 'migrations_pending', applied, expected: options.expectedMigrations } as const;
      const now = options.clock();
      await tx
        .insert(readinessHeartbeat)
        .values({ id: 1, beats: 1, checkedAt: now })
        .onConflictDoUpdate({ target: readinessHeartbeat.id, set: { beats: sql`${readinessHeartbeat.beats} + 1`, checkedAt: now } });
      return { status: 'ok' } as const;
    });
  }

  function withTimeout(work: Promise<Readiness>): Promise<Readiness> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<Readiness>((resolve) => {
      timer = setTimeout(() => resolve({ status: 'database_unavailable' }), PROBE_TIMEOUT_MS);
      timer.unref();
    });
    return Promise.race([work.catch((): Readiness => ({ status: 'database_unavailable' })), timeout]).finally(() => clearTimeout(timer));
  }

  return () => {
    const now = monotonicMs();
    if (last && now - last.at < REUSE_MS) return Promise.resolve(last.result);
    inFlight ??= withTimeout(probe()).then((result) => {
      last = { at: monotonicMs(), result };
      inFlight = undefined;
      return result;
    });
    return inFlight;
  };
}
