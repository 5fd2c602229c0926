import { parentPort } from 'node:worker_threads';
import type { WorkerReply } from './worker-pool.js';

/**
 * The worker side of `WorkerPool`: answers each task with the handler's result. Errors travel as
 * their type name only, never their message (which may quote the record being rendered).
 */
export function serveWorkerTasks<I, O>(handler: (input: I) => Promise<{ value: O; transfer?: ArrayBuffer[] }>): void {
  const port = parentPort;
  if (!port) throw new Error('serveWorkerTasks must run inside a worker thread');
  const answer = async (message: { id: number; input: I }) => {
    try {
      const { value, transfer } = await handler(message.input);
      port.postMessage({ id: message.id, ok: true, value } satisfies WorkerReply, transfer ?? []);
    } catch (error) {
      port.postMessage({ id: message.id, ok: false, error: (error as Error)?.name ?? 'Error' } satisfies WorkerReply);
    }
  };
  // answer() never rejects: every failure becomes an error reply to the pool.
  port.on('message', (message: { id: number; input: I }) => void answer(message));
}
