import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';

/**
 * Carewell as an operator runs it: `npm start` (and the npm CLI commands) in their own process
 * group, so a test can signal npm alone or the whole group and then prove nothing survived.
 */
export interface ServiceProcess {
  npm: ChildProcessWithoutNullStreams;
  /** The process group id (npm's pid: it leads the group). */
  group: number;
  exited: Promise<number | null>;
  output(): string;
}

export function npmStart(env: Record<string, string>): ServiceProcess {
  const npm = spawn('npm', ['start'], { env: { ...process.env, ...env }, detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  npm.stdout.on('data', (d) => (output += d));
  npm.stderr.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => npm.on('exit', (code) => resolve(code)));
  return { npm, group: npm.pid!, exited, output: () => output };
}

export function runNpm(script: string, args: string[], env: Record<string, string>): { status: number | null; output: string } {
  const result = spawnSync('npm', ['run', '--silent', script, '--', ...args], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 240_000,
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** Whether any process of the group still runs (signal 0 only checks). */
export function groupAlive(group: number): boolean {
  try {
    process.kill(-group, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Polls /readyz until it answers 200 (bounded); returns the milliseconds it took. */
export async function waitReady(port: number, startedAt: number, deadlineMs = 180_000): Promise<number> {
  while (performance.now() - startedAt < deadlineMs) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/readyz`);
      if (res.ok) return performance.now() - startedAt;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no /readyz on port ${port} within ${deadlineMs} ms`);
}

/** Polls until `check` holds (bounded), for waiting on another process without fixed sleeps. */
export async function pollUntil(check: () => boolean | Promise<boolean>, deadlineMs: number, what: string): Promise<void> {
  const start = performance.now();
  while (!(await check())) {
    if (performance.now() - start > deadlineMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Builds dist/ if it is missing or stale, as `npm start` would, outside any test's clock. */
export function ensureBuilt(): void {
  const result = spawnSync(process.execPath, ['scripts/ensure-build.mjs'], { encoding: 'utf8', timeout: 600_000 });
  if (result.status !== 0) throw new Error(`build failed: ${result.stdout}${result.stderr}`);
}
