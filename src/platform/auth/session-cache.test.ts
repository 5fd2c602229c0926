import { describe, expect, it } from 'vitest';
import { SessionCache } from './session-cache.js';
import type { SessionWithUser } from './session.repository.js';

const at = new Date('2026-11-27T09:00:00Z');
const session = (userId: string, sessionId = `s-${userId}`): SessionWithUser => ({
  sessionId,
  kind: 'browser',
  createdAt: at,
  lastSeenAt: at,
  expiresAt: new Date(at.getTime() + 3_600_000),
  userId,
  email: `${userId}@test`,
  role: 'nurse',
  nurseLead: false,
  privacyOfficer: false,
  dispatcher: false,
  locale: 'en',
  timeZone: 'UTC',
  disabledAt: null,
  isDemo: false,
  mfaEnrolled: true,
  patientId: null,
  staffId: 'staff',
});

function cacheWith(options: { connected?: () => boolean; maxEntries?: number } = {}) {
  let ms = 0;
  const cache = new SessionCache(options.connected ?? (() => true), { ttlMs: 5_000, maxEntries: options.maxEntries ?? 100, now: () => ms });
  // The first use sees the channel's state change (the cache starts as if disconnected) and empties it.
  cache.get('first-use');
  return { cache, advance: (by: number) => void (ms += by) };
}

describe('SessionCache', () => {
  it('serves a stored session until its lifetime ends', () => {
    const { cache, advance } = cacheWith();
    cache.store('h1', session('u1'), cache.begin());
    advance(4_999);
    expect(cache.get('h1')?.userId).toBe('u1');
    advance(1);
    expect(cache.get('h1')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('does not store what a lookup read before a signal arrived (the generation check)', () => {
    const { cache } = cacheWith();
    const started = cache.begin();
    cache.invalidate({ userId: 'someone-else' });
    cache.store('h1', session('u1'), started);
    expect(cache.get('h1')).toBeUndefined();
    cache.store('h1', session('u1'), cache.begin());
    expect(cache.get('h1')).toBeDefined();
  });

  it('drops every session of the signalled account and only those', () => {
    const { cache } = cacheWith();
    cache.store('a1', session('u1', 'x'), cache.begin());
    cache.store('a2', session('u1', 'y'), cache.begin());
    cache.store('b1', session('u2'), cache.begin());
    cache.invalidate({ userId: 'u1' });
    expect(cache.get('a1')).toBeUndefined();
    expect(cache.get('a2')).toBeUndefined();
    expect(cache.get('b1')?.userId).toBe('u2');
    cache.invalidate('all');
    expect(cache.size).toBe(0);
  });

  it('neither serves nor stores while disconnected, and comes back empty', () => {
    let connected = true;
    const { cache } = cacheWith({ connected: () => connected });
    cache.store('h1', session('u1'), cache.begin());
    connected = false;
    expect(cache.get('h1')).toBeUndefined();
    cache.store('h2', session('u2'), cache.begin());
    expect(cache.size).toBe(0);
    connected = true;
    expect(cache.get('h1')).toBeUndefined();
    expect(cache.stats.bypassed).toBe(1);
    cache.store('h1', session('u1'), cache.begin());
    expect(cache.get('h1')).toBeDefined();
  });

  it('a lookup that began while disconnected cannot store after the reconnect', () => {
    let connected = false;
    const { cache } = cacheWith({ connected: () => connected });
    const started = cache.begin();
    connected = true;
    cache.store('h1', session('u1'), started);
    expect(cache.get('h1')).toBeUndefined();
  });

  it('evicts the least recently used entry beyond its bound, and keeps the touch', () => {
    const { cache } = cacheWith({ maxEntries: 2 });
    cache.store('h1', session('u1'), cache.begin());
    cache.store('h2', session('u2'), cache.begin());
    cache.get('h1');
    cache.store('h3', session('u3'), cache.begin());
    expect(cache.get('h2')).toBeUndefined();
    expect(cache.get('h1')).toBeDefined();
    const later = new Date(at.getTime() + 120_000);
    cache.touched('h1', later);
    expect(cache.get('h1')?.lastSeenAt).toEqual(later);
  });

  it('keeps integration keys until any signal for all, and never while disconnected', () => {
    let connected = true;
    const { cache } = cacheWith({ connected: () => connected });
    const key = { id: 'k1', scopes: ['patients:read'], expiresAt: null, lastUsedAt: null };
    cache.storeApiKey('kh', key, cache.begin());
    cache.invalidate({ userId: 'u1' });
    expect(cache.getApiKey('kh')).toEqual(key);
    cache.invalidate('all');
    expect(cache.getApiKey('kh')).toBeUndefined();
    cache.storeApiKey('kh', key, cache.begin());
    connected = false;
    expect(cache.getApiKey('kh')).toBeUndefined();
    connected = true;
    expect(cache.getApiKey('kh')).toBeUndefined();
  });

  it('shares one lookup among concurrent misses, but never with a request that came after a signal', async () => {
    const { cache } = cacheWith();
    const finishers: ((value: ReturnType<typeof session>) => void)[] = [];
    const load = () => new Promise<ReturnType<typeof session>>((resolve) => finishers.push(resolve));
    const first = cache.lookupOnce('h1', load);
    const second = cache.lookupOnce('h1', load);
    expect(finishers).toHaveLength(1);
    cache.invalidate({ userId: 'u1' });
    const afterSignal = cache.lookupOnce('h1', load);
    expect(finishers).toHaveLength(2);
    finishers[0]!(session('u1'));
    finishers[1]!(session('u1'));
    expect(await first).toBe(await second);
    expect((await afterSignal)?.userId).toBe('u1');
  });
});
