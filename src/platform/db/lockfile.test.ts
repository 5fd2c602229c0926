import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireDataDirLock, DataDirLockedError } from './lockfile.js';

describe('data directory lock', () => {
  it('refuses a second opener while the holder runs, and frees the lock on release', () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), 'lock-')), 'db');
    const lockPath = `${dir}.lock`;
    // Pretend another live process (our parent) holds it.
    writeFileSync(lockPath, String(process.ppid));
    expect(() => acquireDataDirLock(dir)).toThrow(DataDirLockedError);
    writeFileSync(lockPath, '999999999'); // a pid that does not run: stale
    const release = acquireDataDirLock(dir);
    expect(readFileSync(lockPath, 'utf8')).toBe(String(process.pid));
    release();
    expect(existsSync(lockPath)).toBe(false);
  });
});
