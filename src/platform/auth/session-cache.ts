import type { LiveApiKey } from './api-key-lookup.js';
import type { SessionWithUser } from './session.repository.js';

/** Short enough that a missed signal (a relay hand-over) is harmless; long enough to absorb bursts. */
export const SESSION_CACHE_TTL_MS = 5_000;
export const SESSION_CACHE_MAX_ENTRIES = 10_000;

/** Which sessions a signal concerns: one account's, or every one (a reconnect, a lost signal). */
export type SessionSignal = { userId: string } | 'all';

interface Entry {
  session: SessionWithUser;
  /** Monotonic milliseconds: the TTL is cache freshness, not domain time, so not the injected clock. */
  storedAt: number;
}

/**
 * Resolved sessions of this instance, by token hash, for a few seconds. The lookup runs on every
 * authenticated request; the cache turns it into a map read. Correctness rests on three rules:
 *  - every change to what the lookup reads signals the account (database triggers, delivered on
 *    commit; this instance's own commits are heard before the commit returns), and a signal drops
 *    that account's entries;
 *  - nothing is served or stored while the signal channel is down (`isConnected`), and the cache
 *    is emptied whenever the channel drops or comes back;
 *  - a lookup that began before a signal may not store what it read (the generation check).
 * Expiry, idle timeout and the touch are still evaluated on every request by the caller.
 */
export class SessionCache {
  private readonly entries = new Map<string, Entry>();
  private readonly byUser = new Map<string, Set<string>>();
  /** Integration keys by key hash; any key change signals 'all' (they belong to no account). */
  private readonly apiKeys = new Map<string, { key: LiveApiKey; storedAt: number }>();
  /** Bumped by every signal: a read that started under an older generation may be stale. */
  private generation = 0;
  private readonly inFlight = new Map<string, { generation: number; lookup: Promise<SessionWithUser | undefined> }>();
  private wasConnected = false;
  readonly stats = { hits: 0, misses: 0, bypassed: 0 };

  constructor(
    private readonly isConnected: () => boolean,
    private readonly options: { ttlMs: number; maxEntries: number; now?: () => number } = {
      ttlMs: SESSION_CACHE_TTL_MS,
      maxEntries: SESSION_CACHE_MAX_ENTRIES,
    },
  ) {}

  get size(): number {
    return this.entries.size + this.apiKeys.size;
  }

  /** True when the cache may be used for this lookup; empties it on every change of channel state. */
  private usable(): boolean {
    const connected = this.isConnected();
    if (connected !== this.wasConnected) {
      this.wasConnected = connected;
      this.invalidate('all');
    }
    return connected;
  }

  /** The generation a lookup starts under; pass it back to `store`. */
  begin(): number {
    return this.generation;
  }

  /**
   * One database lookup for concurrent misses of the same token: a burst of requests on one
   * session (a page's parallel calls, an app's retries) waits for the first one's read instead of
   * sending the same query each. A request arriving after a signal never joins a read begun before
   * it (the generation must match), and nothing is shared while the channel is down.
   */
  async lookupOnce(tokenHash: string, load: () => Promise<SessionWithUser | undefined>): Promise<SessionWithUser | undefined> {
    if (!this.usable()) return load();
    const pending = this.inFlight.get(tokenHash);
    if (pending && pending.generation === this.generation) return pending.lookup;
    const generation = this.generation;
    const lookup = load();
    const entry = { generation, lookup };
    this.inFlight.set(tokenHash, entry);
    try {
      return await lookup;
    } finally {
      if (this.inFlight.get(tokenHash) === entry) this.inFlight.delete(tokenHash);
    }
  }

  get(tokenHash: string): SessionWithUser | undefined {
    if (!this.usable()) {
      this.stats.bypassed += 1;
      return undefined;
    }
    const entry = this.entries.get(tokenHash);
    if (!entry || this.clockMs() - entry.storedAt >= this.options.ttlMs) {
      if (entry) this.remove(tokenHash, entry.session.userId);
      this.stats.misses += 1;
      return undefined;
    }
    // Map order is insertion order: re-inserting makes this the most recently used entry.
    this.entries.delete(tokenHash);
    this.entries.set(tokenHash, entry);
    this.stats.hits += 1;
    return entry.session;
  }

  /** Stores a lookup's result unless a signal arrived since it began or the channel is down. */
  store(tokenHash: string, session: SessionWithUser, startedAt: number): void {
    // usable() first: a reconnect since the lookup began bumps the generation it is compared with.
    if (!this.usable() || startedAt !== this.generation) return;
    this.entries.delete(tokenHash);
    this.entries.set(tokenHash, { session, storedAt: this.clockMs() });
    let tokens = this.byUser.get(session.userId);
    if (!tokens) this.byUser.set(session.userId, (tokens = new Set()));
    tokens.add(tokenHash);
    while (this.entries.size > this.options.maxEntries) {
      const [oldest, entry] = this.entries.entries().next().value!;
      this.remove(oldest, entry.session.userId);
    }
  }

  getApiKey(keyHash: string): LiveApiKey | undefined {
    if (!this.usable()) {
      this.stats.bypassed += 1;
      return undefined;
    }
    const entry = this.apiKeys.get(keyHash);
    if (!entry || this.clockMs() - entry.storedAt >= this.options.ttlMs) {
      this.apiKeys.delete(keyHash);
      this.stats.misses += 1;
      return undefined;
    }
    this.apiKeys.delete(keyHash);
    this.apiKeys.set(keyHash, entry);
    this.stats.hits += 1;
    return entry.key;
  }

  storeApiKey(keyHash: string, key: LiveApiKey, startedAt: number): void {
    if (!this.usable() || startedAt !== this.generation) return;
    this.apiKeys.delete(keyHash);
    this.apiKeys.set(keyHash, { key, storedAt: this.clockMs() });
    if (this.apiKeys.size > this.options.maxEntries) this.apiKeys.delete(this.apiKeys.keys().next().value!);
  }

  /** The key's last use was stamped: keep the cached copy in step so it is not stamped again at once. */
  apiKeyUsed(keyHash: string, lastUsedAt: Date): void {
    const entry = this.apiKeys.get(keyHash);
    if (entry) entry.key = { ...entry.key, lastUsedAt };
  }

  /** The session was touched: keep the cached last-seen time in step with the row. */
  touched(tokenHash: string, lastSeenAt: Date): void {
    const entry = this.entries.get(tokenHash);
    if (entry) entry.session = { ...entry.session, lastSeenAt };
  }

  invalidate(signal: SessionSignal): void {
    this.generation += 1;
    this.inFlight.clear();
    if (signal === 'all') {
      this.entries.clear();
      this.byUser.clear();
      this.apiKeys.clear();
      return;
    }
    const tokens = this.byUser.get(signal.userId);
    if (!tokens) return;
    for (const tokenHash of tokens) this.entries.delete(tokenHash);
    this.byUser.delete(signal.userId);
  }

  private remove(tokenHash: string, userId: string): void {
    this.entries.delete(tokenHash);
    const tokens = this.byUser.get(userId);
    tokens?.delete(tokenHash);
    if (tokens?.size === 0) this.byUser.delete(userId);
  }

  private clockMs(): number {
    return (this.options.now ?? performance.now.bind(performance))();
  }
}
