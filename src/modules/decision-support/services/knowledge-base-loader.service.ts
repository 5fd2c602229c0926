import { sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database.js';
import { dsConditions, dsGuidelines } from '../decision-support.tables.js';
import { GUIDELINES } from '../reference/guidelines.js';
import { KNOWLEDGE_BASE } from '../reference/knowledge-base.js';

/**
 * Loads the shipped knowledge base and guideline library into empty tables, the way the medicine
 * ingredient catalogue is loaded: at start (the server starts it after it listens; the demo seed
 * and the first read wait for it), in one transaction under an advisory lock so two processes never
 * load twice, one INSERT per table. After that the rows are the hospital's: edits and approvals are
 * never overwritten, and an existing database pays one `select ... limit 1` per process.
 * Not a data migration: the rows carry the injected clock's time, and a migration has no clock.
 */
const LOCK_KEY = 7_310_013; // arbitrary, unique to this loader

async function isEmpty(db: Db): Promise<boolean> {
  const rows = await db.select({ id: dsConditions.id }).from(dsConditions).limit(1);
  return rows.length === 0;
}

/** Returns the number of conditions inserted (0 when the knowledge base was already there). */
export async function loadKnowledgeBaseIfEmpty(db: Db, now: Date): Promise<number> {
  if (!(await isEmpty(db))) return 0;
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${LOCK_KEY})`);
    if (!(await isEmpty(tx))) return 0;
    await tx.insert(dsConditions).values(
      KNOWLEDGE_BASE.map((e) => ({
        key: e.key,
        name: e.name,
        summary: e.summary,
        icd10Code: e.icd10Code ?? null,
        findings: e.findings,
        discriminators: e.discriminators,
        sourceTitle: e.source.title,
        sourceUrl: e.source.url ?? null,
        reviewStatus: e.reviewStatus,
        createdAt: now,
        updatedAt: now,
      })),
    );
    await tx
      .insert(dsGuidelines)
      .values(
        GUIDELINES.map((g) => ({
          key: g.key,
          title: g.title,
          summary: g.summary,
          sourceTitle: g.source.title,
          sourceUrl: g.source.url ?? null,
          origin: 'shipped' as const,
          icd10Prefixes: g.icd10Prefixes,
          loincCodes: g.loincCodes,
          createdAt: now,
          updatedAt: now,
        })),
      )
      .onConflictDoNothing();
    return KNOWLEDGE_BASE.length;
  });
}

const loaded = new WeakMap<object, Promise<void>>();

/** Ensures the knowledge base is loaded; cheap after the first call per database handle. */
export function ensureKnowledgeBaseLoaded(db: Db, now: Date): Promise<void> {
  const known = loaded.get(db);
  if (known) return known;
  const pending = loadKnowledgeBaseIfEmpty(db, now).then(
    () => undefined,
    (error: unknown) => {
      loaded.delete(db);
      throw error;
    },
  );
  loaded.set(db, pending);
  return pending;
}

/** Starts the load at process start; failures are reported and retried by the next use. */
export function preloadKnowledgeBase(db: Db, now: Date, onError: (error: unknown) => void): Promise<void> {
  const pending = ensureKnowledgeBaseLoaded(db, now);
  pending.catch(onError);
  return pending;
}
