import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { AppError } from '../errors.js';

/**
 * A small, bounded pool of `worker_threads` for CPU-heavy work (PDF layout) so that one request
 * never stalls the event loop for everyone (`/healthz`, every other request).
 *
 * - At most `size` workers, started on first use and kept warm; `unref`'d, so an idle pool never
 *   keeps the process alive.
 * - At most `maxQueued` tasks wait; more answer 503 (shed load rather than queue without limit).
 * - A task that runs past `timeoutMs` ends its worker (the only way to stop a busy thread) and
 *   fails; a fresh worker replaces it on the next task.
 *
 * The worker module is given as the path beside the caller WITHOUT extension: `.ts` when the
 * caller runs from TypeScript under tsx (tests, `npm start`), `.js` when compiled to `dist/` and run
 * by node. Only the `.ts` case loads tsx into the worker (a compiled build need not ship tsx).
 */
export interface WorkerPoolOptions {
  /** `new URL('./name', import.meta.url)` of the caller, without extension. */
  moduleUrl: URL;
  /** The caller's own `import.meta.url`: decides `.ts` or `.js`. */
  callerUrl: string;
  size: number;
  maxQueued: number;
  timeoutMs: number;
}

interface Task {
  id: number;
  input: unknown;
  transfer: ArrayBuffer[];
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

interface Slot {
  worker: Worker;
  task: Task | null;
  timer: NodeJS.Timeout | null;
}

/** A reply from a worker: `{ id, ok: true, value }` or `{ id, ok: false, error }`. */
export type WorkerReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string };

/**
 * How to start the worker. Compiled: the `.js` file itself. From TypeScript: a tiny CommonJS
 * bootstrap (eval) that registers tsx in the worker and then imports the `.ts` module, because on
 * Node 20 an `--import tsx` in a worker's execArgv does not reach the worker's entry module.
 */
export function workerEntryOf(moduleUrl: URL, callerUrl: string): { entry: string; eval: boolean } {
  const fromTypeScript = /\.[cm]?tsx?$/.test(new URL(callerUrl).pathname);
  if (!fromTypeScript) return { entry: fileURLToPath(new URL(`${moduleUrl.href}.js`)), eval: false };
  // tsx registers itself only on the main thread on Node 20, so the worker calls its public
  // `tsx/esm/api` register() (found through tsx's package.json export map) before the import.
  const manifest = createRequire(callerUrl).resolve('tsx/package.json');
  const exportsMap = (JSON.parse(readFileSync(manifest, 'utf8')) as { exports: Record<string, { import: { default: string } }> }).exports;
  const api = new URL(exportsMap['./esm/api']!.import.default, pathToFileURL(manifest)).href;
  const target = new URL(`${moduleUrl.href}.ts`).href;
  return {
    entry: `import(${JSON.stringify(api)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(target)}); });`,
    eval: true,
  };
}

export class WorkerPool<I, O> {
  private readonly slots: Slot[] = [];
  private readonly queue: Task[] = [];
  private nextId = 1;
  private readonly target: { entry: string; eval: boolean };

  constructor(private readonly options: WorkerPoolOptions) {
    this.target = workerEntryOf(options.moduleUrl, options.callerUrl);
  }

  run(input: I, transfer: ArrayBuffer[] = []): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      if (this.queue.length >= this.options.maxQueued) {
        reject(new AppError('service_unavailable', 'The service is busy. Try again in a moment.', { retryAfterSeconds: 5 }));
        return;
      }
      this.queue.push({ id: this.nextId++, input, transfer, resolve: resolve as (value: unknown) => void, reject });
      this.dispatch();
    });
  }

  /** Ends every worker; queued tasks fail. */
  async close(): Promise<void> {
    for (const task of this.queue.splice(0)) task.reject(new Error('worker pool closed'));
    await Promise.all(this.slots.splice(0).map((slot) => slot.worker.terminate()));
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      let slot = this.slots.find((s) => s.task === null);
      if (!slot && this.slots.length < this.options.size) slot = this.spawn();
      if (!slot) return;
      const task = this.queue.shift()!;
      slot.task = task;
      slot.timer = setTimeout(() => this.fail(slot, new Error('worker task timed out')), this.options.timeoutMs);
      slot.worker.postMessage({ id: task.id, input: task.input }, task.transfer);
    }
  }

  private spawn(): Slot {
    const worker = new Worker(this.target.entry, { eval: this.target.eval });
    worker.unref();
    const slot: Slot = { worker, task: null, timer: null };
    worker.on('message', (reply: WorkerReply) => {
      const task = slot.task;
      if (!task || task.id !== reply.id) return;
      this.finish(slot);
      if (reply.ok) task.resolve(reply.value);
      else task.reject(new Error(`worker task failed: ${reply.error}`));
      this.dispatch();
    });
    worker.on('error', (error) => this.fail(slot, error));
    worker.on('exit', () => this.fail(slot, new Error('worker exited')));
    this.slots.push(slot);
    return slot;
  }

  private finish(slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.task = null;
  }

  /** A worker that errs, exits or overruns is replaced; its task (if any) fails. */
  private fail(slot: Slot, error: unknown): void {
    const index = this.slots.indexOf(slot);
    if (index === -1) return;
    this.slots.splice(index, 1);
    const task = slot.task;
    this.finish(slot);
    void slot.worker.terminate();
    task?.reject(error);
    this.dispatch();
  }
}
