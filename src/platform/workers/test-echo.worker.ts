import { serveWorkerTasks } from './serve-tasks.js';

// A worker for worker-pool.test.ts: echoes, spins (to show the event loop stays free), fails or exits.
serveWorkerTasks<{ kind: 'echo' | 'spin' | 'fail' | 'exit'; value?: number; ms?: number }, number>(async (input) => {
  if (input.kind === 'fail') throw new TypeError('refused');
  if (input.kind === 'exit') process.exit(3);
  if (input.kind === 'spin') {
    const until = performance.now() + (input.ms ?? 0);
    while (performance.now() < until) {
      // Busy on purpose: CPU work that would block the caller's event loop.
    }
  }
  return { value: input.value ?? 0 };
});
