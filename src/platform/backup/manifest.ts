import { createHash, createHmac } from 'node:crypto';
import { createReadStream, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * `manifest.json`, written last into a backup directory: a backup without one is unfinished and
 * restore refuses it. It names every file with its SHA-256 and the exact row count per table of
 * the database copy, so a restore (and the drill test) can prove nothing was lost.
 */
export const MANIFEST_FILE = 'manifest.json';
export const MANIFEST_FORMAT = 'carewell-backup';
export const MANIFEST_VERSION = 1;

export interface BackupManifest {
  format: typeof MANIFEST_FORMAT;
  formatVersion: number;
  databaseKind: 'pglite' | 'postgres';
  createdAt: string;
  /** Migrations applied in the copy; a restore into an older Carewell would not understand it. */
  migrations: number;
  /** HMAC of a constant under the app secret: tells a restore whether the secret supplied is the right one, reveals nothing. */
  secretFingerprint: string;
  rowCounts: Record<string, number>;
  files: { path: string; bytes: number; sha256: string }[];
}

export function secretFingerprint(appSecret: string): string {
  return createHmac('sha256', appSecret).update('carewell-backup-secret-check').digest('hex').slice(0, 16);
}

export function sha256OfFile(file: string): Promise<{ bytes: number; sha256: string }> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    let bytes = 0;
    createReadStream(file)
      .on('data', (chunk) => {
        bytes += chunk.length;
        hash.update(chunk);
      })
      .on('error', reject)
      .on('end', () => resolve({ bytes, sha256: hash.digest('hex') }));
  });
}

/** Every regular file under `dir`, as paths relative to `base` with forward slashes, sorted. */
export function listFiles(dir: string, base: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...listFiles(full, base));
    else if (entry.isFile()) found.push(path.relative(base, full).split(path.sep).join('/'));
  }
  return found.sort();
}

export function readManifest(backupDir: string): BackupManifest {
  let parsed: BackupManifest;
  try {
    parsed = JSON.parse(readFileSync(path.join(backupDir, MANIFEST_FILE), 'utf8')) as BackupManifest;
  } catch {
    throw new Error(`${backupDir} holds no readable ${MANIFEST_FILE}: not a Carewell backup, or an unfinished one.`);
  }
  if (parsed.format !== MANIFEST_FORMAT || parsed.formatVersion !== MANIFEST_VERSION) {
    throw new Error(
      `${backupDir}: unknown backup format ${String(parsed.format)} v${String(parsed.formatVersion)} (this Carewell reads ${MANIFEST_FORMAT} v${MANIFEST_VERSION}).`,
    );
  }
  return parsed;
}

/** Checks every file the manifest names (and that the files/ tree holds nothing it does not name). */
export async function verifyBackupFiles(backupDir: string, manifest: BackupManifest): Promise<string[]> {
  const problems: string[] = [];
  const named = new Set(manifest.files.map((f) => f.path));
  for (const file of manifest.files) {
    if (file.path.includes('..') || path.isAbsolute(file.path)) {
      problems.push(`${file.path}: not a path inside the backup`);
      continue;
    }
    try {
      const actual = await sha256OfFile(path.join(backupDir, file.path));
      if (actual.sha256 !== file.sha256 || actual.bytes !== file.bytes) problems.push(`${file.path}: content differs from the manifest`);
    } catch {
      problems.push(`${file.path}: missing`);
    }
  }
  for (const extra of listFiles(backupDir, backupDir)) {
    if (extra !== MANIFEST_FILE && !named.has(extra)) problems.push(`${extra}: not named in the manifest`);
  }
  return problems;
}
