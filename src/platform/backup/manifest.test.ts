import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  MANIFEST_FILE,
  MANIFEST_FORMAT,
  MANIFEST_VERSION,
  readManifest,
  secretFingerprint,
  sha256OfFile,
  verifyBackupFiles,
  type BackupManifest,
} from './manifest.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

async function backupWith(files: Record<string, string>): Promise<{ dir: string; manifest: BackupManifest }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'carewell-manifest-'));
  dirs.push(dir);
  const entries = [];
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
    entries.push({ path: name, ...(await sha256OfFile(path.join(dir, name))) });
  }
  const manifest: BackupManifest = {
    format: MANIFEST_FORMAT,
    formatVersion: MANIFEST_VERSION,
    databaseKind: 'pglite',
    createdAt: '2026-01-01T00:00:00.000Z',
    migrations: 18,
    secretFingerprint: secretFingerprint('s'),
    rowCounts: { 'public.x': 1 },
    files: entries,
  };
  writeFileSync(path.join(dir, MANIFEST_FILE), JSON.stringify(manifest));
  return { dir, manifest };
}

describe('backup manifest', () => {
  it('accepts an intact backup and names a changed, missing or unlisted file', async () => {
    const { dir, manifest } = await backupWith({ 'database.tar.gz': 'db', 'files/objects/ab/one': 'cipher' });
    expect(await verifyBackupFiles(dir, readManifest(dir))).toEqual([]);
    writeFileSync(path.join(dir, 'files/objects/ab/one'), 'cipheR');
    writeFileSync(path.join(dir, 'files/objects/ab/extra'), 'x');
    rmSync(path.join(dir, 'database.tar.gz'));
    expect(await verifyBackupFiles(dir, manifest)).toEqual([
      'database.tar.gz: missing',
      'files/objects/ab/one: content differs from the manifest',
      'files/objects/ab/extra: not named in the manifest',
    ]);
  });

  it('refuses a directory without a manifest (an unfinished backup) and paths that leave the backup', async () => {
    const { dir, manifest } = await backupWith({});
    rmSync(path.join(dir, MANIFEST_FILE));
    expect(() => readManifest(dir)).toThrow(/unfinished/);
    expect(await verifyBackupFiles(dir, { ...manifest, files: [{ path: '../etc/passwd', bytes: 1, sha256: 'x' }] })).toEqual([
      '../etc/passwd: not a path inside the backup',
    ]);
  });

  it('fingerprints the secret without revealing it, and differently for another secret', () => {
    const secret = 'a'.repeat(64);
    expect(secretFingerprint(secret)).toMatch(/^[0-9a-f]{16}$/);
    expect(secretFingerprint(secret)).not.toContain(secret.slice(0, 8));
    expect(secretFingerprint(secret)).not.toBe(secretFingerprint('b'.repeat(64)));
  });
});
