import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { openPglite } from './database.js';

/** A small tmpfs makes a real full disk; mounting one needs root (CI runs as root). */
function mountSmallTmpfs(): string | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const dir = mkdtempSync(path.join(tmpdir(), 'carewell-full-disk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64m', 'tmpfs', dir], { stdio: 'ignore' });
    return dir;
  } catch {
    rmSync(dir, { recursive: true, force: true });
    return undefined;
  }
}

const mountPoint = mountSmallTmpfs();

describe.skipIf(!mountPoint)('embedded database on a full disk (needs root to mount a small tmpfs)', () => {
  afterAll(() => {
    execFileSync('umount', ['-l', mountPoint!]);
    rmSync(mountPoint!, { recursive: true, force: true });
  });

  it('answers "unavailable" for a full disk, stops using PGlite after its PANIC instead of freezing, and keeps every committed write', async () => {
    const dataDir = path.join(mountPoint!, 'db');
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'src/platform/db/pglite-disk-full.scenario.ts', dataDir, mountPoint!],
      { timeout: 90_000 },
    );
    const report = JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
    expect(report).toMatchObject({
      growCode: '53100',
      growFatal: false,
      readAfterGrow: 'ok',
      walCode: '53100',
      walFatal: true,
      afterPanic: 'embedded_database_stopped',
    });
    expect(report.commits).toBeGreaterThan(0);

    // Space freed and the process restarted: everything committed before the PANIC is there.
    rmSync(path.join(mountPoint!, 'filler'));
    const reopened = await openPglite({ dataDir });
    try {
      const { rows } = await reopened.pglite!.query<{ n: number }>('select n from filler_probe');
      expect(rows[0]!.n).toBe(report.commits);
      await reopened.pglite!.query('update filler_probe set n = n + 1');
    } finally {
      await reopened.close();
    }
  }, 120_000);
});
