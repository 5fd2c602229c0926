import type { Db } from './database.js';

/**
 * Rows that many requests read and few change — staff profiles, departments, specialties, visit
 * types, rooms — kept per instance until the database says one of their tables changed. Database
 * triggers signal `ref:<table>` on the cache channel when a statement changes a table
 * (drizzle/0028_reference_cache_invalidation.sql), so no code path can forget to invalidate; an
 * account change (the session signal) counts as a change of `users`.
 *
 * The same three rules as the session cache (platform/auth/session-cache.ts) keep it correct:
 *  - a signal drops every entry read from the table it names;
 *  - nothing is served or stored while the signal channel is down, and the cache is emptied
 *    whenever the channel drops or comes back;
 *  - a read that began before a signal may not store what it read (the generation check).
 * Entries also expire after a minute, which bounds the harm of a signal lost in a relay hand-over.
 *
 * Only reads through the database handle the cache was registered for are cached: a read inside a
 * transaction (another handle) always goes to the database, so it sees its own writes.
 */
export const REFERENCE_CACHE_TTL_MS = 60_000;
const MAX_ENTRIES = 5_000;

/** What a signal concerns: one table's rows, or everything (a reconnect, a lost signal). */
export type ReferenceSignal = { table: string } | 'all';

interface Entry {
  value: unknown;
  tables: readonly string[];
  /** Monotonic milliseconds: freshness, not domain time, so not the injected clock. */
  storedAt: number;
}

export class ReferenceCache {
  private readonly entries = new Map<string, Entry>();
  private readonly inFlight = new Map<string, { generation: number; read: Promise<unknown> }>();
  private generation = 0;
  private wasConnected = false;
  readonly stats = { hits: 0, misses: 0, bypassed: 0 };

  constructor(
    private readonly isConnected: () => boolean,
    private readonly options: { ttlMs: number; now?: () => number } = { ttlMs: REFERENCE_CACHE_TTL_MS },
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /**
   * The value under `key`, read by `load` on a miss. `tables` names every table the read touches;
   * `key` must hold every input of the read. Concurrent misses of one key share one read.
   */
  async read<T>(key: string, tables: readonly string[], load: () => Promise<T>): Promise<T> {
    if (!this.usable()) {
      this.stats.bypassed += 1;
      return load();
    }
    const entry = this.entries.get(key);
    if (entry && this.clockMs() - entry.storedAt < this.options.ttlMs) {
      this.stats.hits += 1;
      return entry.value as T;
    }
    this.stats.misses += 1;
    const pending = this.inFlight.get(key);
    if (pending && pending.generation === this.generation) return pending.read as Promise<T>;
    const generation = this.generation;
    const read = load();
    const flight = { generation, read };
    this.inFlight.set(key, flight);
    try {
      const value = await read;
      // usable() first: a reconnect since the read began bumps the generation compared here.
      if (this.usable() && generation === this.generation) this.store(key, value, tables);
      return value;
    } finally {
      if (this.inFlight.get(key) === flight) this.inFlight.delete(key);
    }
  }

  invalidate(signal: ReferenceSignal): void {
    this.generation += 1;
    this.inFlight.clear();
    if (signal === 'all') {
      this.entries.clear();
      return;
    }
    for (const [key, entry] of this.entries) if (entry.tables.includes(signal.table)) this.entries.delete(key);
  }

  private store(key: string, value: unknown, tables: readonly string[]): void {
    // Every request shares the stored value: frozen, so one cannot change what the next one reads.
    deepFreeze(value);
    this.entries.delete(key);
    this.entries.set(key, { value, tables, storedAt: this.clockMs() });
    if (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
  }

  private usable(): boolean {
    const connected = this.isConnected();
    if (connected !== this.wasConnected) {
      this.wasConnected = connected;
      this.invalidate('all');
    }
    return connected;
  }

  private clockMs(): number {
    return (this.options.now ?? performance.now.bind(performance))();
  }
}

function deepFreeze(value: unknown): void {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const inner of value instanceof Map ? value.values() : Object.values(value)) deepFreeze(inner);
}

/**
 * The cache of each application's database handle. Services receive a `Db`, not the app: a read
 * through the handle an app registered is cached, a read through anything else (a transaction,
 * a script's own connection) goes to the database.
 */
const caches = new WeakMap<Db, ReferenceCache>();

export function registerReferenceCache(db: Db, cache: ReferenceCache): () => void {
  // Two apps on one handle (a test's second instance) share the first one's cache.
  if (caches.has(db)) return () => {};
  caches.set(db, cache);
  return () => {
    if (caches.get(db) === cache) caches.delete(db);
  };
}

/** `load()` through the handle's reference cache, when it has one. */
export function readReference<T>(db: Db, key: string, tables: readonly string[], load: () => Promise<T>): Promise<T> {
  const cache = caches.get(db);
  return cache ? cache.read(key, tables, load) : load();
}
