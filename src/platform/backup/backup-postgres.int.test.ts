import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { withDatabase } from '../../../test/global-setup.js';
import { makePng } from '../../../test/helpers/uploads.js';
import { runAuditVerification } from '../../cli/verify-audit-chain.js';
import { writeAudit } from '../audit/audit.service.js';
import { openPostgres } from '../db/database.js';
import { createFileService } from '../files/index.js';
import { resolveAppSecret } from '../secrets.js';
import { runBackup } from './backup.js';
import { runRestore } from './restore.js';
import { countRowsPerTable } from './row-counts.js';
import { postgresLegReady } from '../../../test/helpers/postgres-leg.js';

/**
 * The PostgreSQL restore drill (the PGlite one is test/restore-drill.test.ts): pg_dump from an
 * exported snapshot, pg_restore into a new empty database, same row counts, same file bytes, an
 * intact audit chain. PostgreSQL only: it needs a server and the client programs.
 */
const url = process.env.TEST_DATABASE_URL;
const suffix = randomBytes(4).toString('hex');
const sourceName = `carewell_bk_src_${suffix}`;
const targetName = `carewell_bk_dst_${suffix}`;
const root = mkdtempSync(path.join(tmpdir(), 'carewell-pg-backup-'));
const png = makePng({ text: 'pg-drill' });

async function admin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

describe.runIf(postgresLegReady())('backup and restore on PostgreSQL (needs TEST_DATABASE_URL)', () => {
  let fileId: string;
  const sourceDir = path.join(root, 'source');
  const restoredDir = path.join(root, 'restored');
  const backupDir = path.join(root, 'backup');

  beforeAll(async () => {
    // Other test files clone the same template at the same moment; PostgreSQL refuses a busy template (55006).
    for (let attempt = 1; ; attempt++) {
      try {
        await admin(`create database ${sourceName} template ${inject('templateDatabase')}`);
        break;
      } catch (error) {
        if ((error as { code?: string }).code !== '55006' || attempt === 50) throw error;
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    await admin(`create database ${targetName}`);
    const database = await openPostgres(withDatabase(url!, sourceName), { max: 2 });
    try {
      const appSecret = resolveAppSecret(undefined, sourceDir);
      const now = new Date('2026-04-01T08:00:00Z');
      async function* bytes() {
        yield png;
      }
      const files = createFileService({ dataDir: sourceDir, appSecret, logger: pino({ level: 'silent' }) });
      fileId = (
        await files.storeUpload(database.db, {
          purpose: 'drill',
          allowedTypes: ['image/png'],
          maxBytes: 100_000,
          stream: bytes(),
          createdBy: null,
          now,
        })
      ).id;
      for (let i = 0; i < 4; i++)
        await writeAudit(database.db, {}, null, { action: 'drill.event', resourceType: 'drill', resourceId: String(i) }, now);
    } finally {
      await database.close();
    }
  }, 120_000);

  afterAll(async () => {
    await admin(`drop database if exists ${sourceName} with (force)`);
    await admin(`drop database if exists ${targetName} with (force)`);
    rmSync(root, { recursive: true, force: true });
  });

  it('backs up with pg_dump, restores into an empty database and proves rows, files and the audit chain', async () => {
    const createdAt = new Date('2026-04-02T03:00:00Z');
    const manifest = await runBackup({
      databaseUrl: withDatabase(url!, sourceName),
      dataDir: sourceDir,
      appSecret: undefined,
      target: backupDir,
      clock: () => createdAt,
    });
    expect(manifest.createdAt).toBe(createdAt.toISOString());
    expect(manifest.databaseKind).toBe('postgres');
    expect(manifest.rowCounts['public.audit_events']).toBe(4);
    expect(manifest.rowCounts['public.stored_files']).toBe(1);
    expect(manifest.files.map((f) => f.path).filter((p) => p.startsWith('files/'))).toHaveLength(1);

    mkdirSync(restoredDir, { mode: 0o700 });
    copyFileSync(path.join(sourceDir, 'app-secret'), path.join(restoredDir, 'app-secret'));
    await runRestore({ databaseUrl: withDatabase(url!, targetName), dataDir: restoredDir, appSecret: undefined, source: backupDir });

    const restored = await openPostgres(withDatabase(url!, targetName), { max: 2 });
    try {
      expect(await countRowsPerTable(restored.db)).toEqual(manifest.rowCounts);
      const verification = await runAuditVerification(restored.db);
      expect(verification.exitCode, verification.message).toBe(0);
      const files = createFileService({
        dataDir: restoredDir,
        appSecret: resolveAppSecret(undefined, restoredDir),
        logger: pino({ level: 'silent' }),
      });
      expect((await files.readStoredFile(restored.db, fileId)).bytes.equals(png)).toBe(true);
    } finally {
      await restored.close();
    }
    // Never over a database that already holds tables.
    rmSync(path.join(restoredDir, 'files'), { recursive: true, force: true });
    await expect(
      runRestore({ databaseUrl: withDatabase(url!, targetName), dataDir: restoredDir, appSecret: undefined, source: backupDir }),
    ).rejects.toThrow(/not empty/);
  }, 240_000);
});
