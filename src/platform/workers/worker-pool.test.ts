import { performance } from 'node:perf_hooks';
import { afterAll, describe, expect, it } from 'vitest';
import type { AppError } from '../errors.js';
import { WorkerPool, workerEntryOf } from './worker-pool.js';

type Task = { kind: 'echo' | 'spin' | 'fail' | 'exit'; value?: number; ms?: number };
const pool = (overrides: Partial<ConstructorParameters<typeof WorkerPool>[0]> = {}) =>
  new WorkerPool<Task, number>({
    moduleUrl: new URL('./test-echo.worker', import.meta.url),
    callerUrl: import.meta.url,
    size: 1,
    maxQueued: 2,
    timeoutMs: 20_000,
    ...overrides,
  });

describe('worker pool', () => {
  const pools: WorkerPool<Task, number>[] = [];
  const make = (overrides: Parameters<typeof pool>[0] = {}) => {
    const p = pool(overrides);
    pools.push(p);
    return p;
  };
  afterAll(async () => {
    for (const p of pools) await p.close();
  });

  it('starts the .ts worker under tsx from TypeScript and the .js file from compiled code', () => {
    expect(workerEntryOf(new URL('file:///app/dist/w'), 'file:///app/dist/pool.js')).toEqual({ entry: '/app/dist/w.js', eval: false });
    const fromTs = workerEntryOf(new URL('file:///app/src/w'), import.meta.url);
    expect(fromTs.eval).toBe(true);
    expect(fromTs.entry).toContain('file:///app/src/w.ts');
    expect(fromTs.entry).toContain('register()');
  });

  it('runs tasks off the event loop: timers keep firing while a worker is busy', async () => {
    const p = make();
    expect(await p.run({ kind: 'echo', value: 7 })).toBe(7);
    let ticks = 0;
    let longestGap = 0;
    let last = performance.now();
    const timer = setInterval(() => {
      const now = performance.now();
      longestGap = Math.max(longestGap, now - last);
      last = now;
      ticks += 1;
    }, 10);
    const result = await p.run({ kind: 'spin', ms: 600, value: 1 });
    clearInterval(timer);
    expect(result).toBe(1);
    expect(ticks).toBeGreaterThan(5);
    expect(longestGap).toBeLessThan(400);
  });

  it('queues within its bound and sheds the rest with 503', async () => {
    const p = make({ maxQueued: 2 });
    const running = p.run({ kind: 'spin', ms: 300, value: 1 });
    const queued = [p.run({ kind: 'echo', value: 2 }), p.run({ kind: 'echo', value: 3 })];
    await expect(p.run({ kind: 'echo', value: 4 })).rejects.toMatchObject({
      code: 'service_unavailable',
      status: 503,
    } satisfies Partial<AppError>);
    expect(await Promise.all([running, ...queued])).toEqual([1, 2, 3]);
  });

  it('fails a task that errs, exits or overruns, and replaces the worker for the next one', async () => {
    const p = make({ timeoutMs: 3_000 });
    await expect(p.run({ kind: 'fail' })).rejects.toThrow('worker task failed: TypeError');
    expect(await p.run({ kind: 'echo', value: 5 })).toBe(5);
    await expect(p.run({ kind: 'exit' })).rejects.toThrow('worker exited');
    expect(await p.run({ kind: 'echo', value: 6 })).toBe(6);
    await expect(p.run({ kind: 'spin', ms: 10_000 })).rejects.toThrow('worker task timed out');
    expect(await p.run({ kind: 'echo', value: 8 })).toBe(8);
  });
});
