import { describe, expect, it } from 'vitest';
import { ReferenceCache } from './reference-cache.js';

function cacheWith(connected: () => boolean = () => true) {
  let ms = 0;
  const cache = new ReferenceCache(connected, { ttlMs: 60_000, now: () => ms });
  let reads = 0;
  const load = (value: unknown) => () => {
    reads += 1;
    return Promise.resolve(value);
  };
  return { cache, load, reads: () => reads, advance: (by: number) => void (ms += by) };
}

describe('ReferenceCache', () => {
  it('reads once, serves the stored value until its lifetime ends, then reads again', async () => {
    const { cache, load, reads, advance } = cacheWith();
    expect(await cache.read('k', ['rooms'], load(['a']))).toEqual(['a']);
    expect(await cache.read('k', ['rooms'], load(['b']))).toEqual(['a']);
    expect(reads()).toBe(1);
    advance(60_000);
    expect(await cache.read('k', ['rooms'], load(['b']))).toEqual(['b']);
    expect(reads()).toBe(2);
  });

  it('drops the entries read from a signalled table, and only those', async () => {
    const { cache, load, reads } = cacheWith();
    await cache.read('rooms', ['rooms'], load(1));
    await cache.read('staff', ['staff_profiles', 'users'], load(2));
    cache.invalidate({ table: 'users' });
    expect(await cache.read('rooms', ['rooms'], load(10))).toBe(1);
    expect(await cache.read('staff', ['staff_profiles', 'users'], load(20))).toBe(20);
    cache.invalidate('all');
    expect(await cache.read('rooms', ['rooms'], load(100))).toBe(100);
    expect(reads()).toBe(4);
  });

  it('does not keep what a read saw before a signal arrived (the generation check)', async () => {
    const { cache, load } = cacheWith();
    let finish!: (value: string) => void;
    const slow = cache.read('k', ['rooms'], () => new Promise<string>((resolve) => (finish = resolve)));
    cache.invalidate({ table: 'rooms' });
    finish('stale');
    expect(await slow).toBe('stale');
    expect(await cache.read('k', ['rooms'], load('fresh'))).toBe('fresh');
  });

  it('shares one read among concurrent misses of the same key', async () => {
    const { cache, load, reads } = cacheWith();
    const [a, b] = await Promise.all([cache.read('k', ['rooms'], load(1)), cache.read('k', ['rooms'], load(2))]);
    expect([a, b, reads()]).toEqual([1, 1, 1]);
  });

  it('neither serves nor stores while the signal channel is down, and starts empty when it returns', async () => {
    let up = true;
    const { cache, load, reads } = cacheWith(() => up);
    await cache.read('k', ['rooms'], load(1));
    up = false;
    expect(await cache.read('k', ['rooms'], load(2))).toBe(2);
    expect(await cache.read('k', ['rooms'], load(3))).toBe(3);
    up = true;
    expect(await cache.read('k', ['rooms'], load(4))).toBe(4);
    expect(await cache.read('k', ['rooms'], load(5))).toBe(4);
    expect(reads()).toBe(4);
    expect(cache.stats.bypassed).toBe(2);
  });

  it('freezes what it stores, so one request cannot change what the next one reads', async () => {
    const { cache, load } = cacheWith();
    const rows = await cache.read('k', ['rooms'], load([{ name: 'A', tags: ['x'] }]));
    expect(() => {
      (rows as { name: string }[])[0]!.name = 'B';
    }).toThrow(TypeError);
    expect(() => (rows as { tags: string[] }[])[0]!.tags.push('y')).toThrow(TypeError);
  });
});
