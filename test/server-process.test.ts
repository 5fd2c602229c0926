import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { randomTestPort } from './helpers/ports.js';

/**
 * The real process: `npm start`'s entry on a fresh data directory. It migrates, seeds the demo
 * hospital, serves; a second process on the same directory is refused (PGlite would corrupt it);
 * SIGTERM drains and exits 0, releasing the lock.
 */
const dataDir = mkdtempSync(path.join(tmpdir(), 'carewell-process-'));
const port = randomTestPort(3300, 500);

function startServer(extraEnv: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn', DEMO_SEED: 'true', ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, output: () => output };
}

/**
 * A first start migrates and seeds the demo hospital from TypeScript sources: seconds on a quiet
 * machine, but over a minute while CI runs the other test files on both cores. The wait ends early
 * when the process exits, with its output, so a crash is not reported as slowness.
 */
async function waitReady(server: ReturnType<typeof startServer>): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (server.child.exitCode !== null) throw new Error(`server exited with ${server.child.exitCode}:\n${server.output()}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/readyz`);
      if (res.ok) return;
    } catch {
      /* starting */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`server did not become ready in 150 s:\n${server.output()}`);
}

describe('server process', () => {
  const first = startServer();
  afterAll(() => {
    first.child.kill('SIGKILL');
  });

  it('starts on an empty data directory with a generated 0600 secret and prints how to sign in', async () => {
    await waitReady(first);
    expect(first.output()).toContain('admin@carewell.test');
    const secret = path.join(dataDir, 'app-secret');
    expect(existsSync(secret)).toBe(true);
    expect(statSync(secret).mode & 0o777).toBe(0o600);
  }, 180_000);

  it('refuses a second process on the same embedded database', async () => {
    const second = startServer({ PORT: String(port + 1) });
    expect(await second.exited).toBe(1);
    expect(second.output()).toMatch(/in use by process \d+/);
  }, 60_000);

  it('exits cleanly on SIGTERM and releases the lock', async () => {
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(existsSync(path.join(dataDir, 'db.lock'))).toBe(false);
  }, 60_000);

  it('rejects a bad configuration with a message naming the variable', async () => {
    const bad = startServer({ PORT: 'eighty' });
    expect(await bad.exited).toBe(1);
    expect(bad.output()).toContain('PORT');
  }, 30_000);
});
