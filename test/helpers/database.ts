import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { inject } from 'vitest';
import { openPglite, openPostgres, type Database } from '../../src/platform/db/database.js';
import { withDatabase } from '../global-setup.js';

/**
 * A fresh, migrated database for one test file: PGlite loaded from the template dump (~0.5 s), or
 * on PostgreSQL a new database cloned from the template (dropped again on close).
 */
export async function createTestDatabase(): Promise<Database> {
  const template = inject('templateDatabase');
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    return openPglite({ loadDataDir: new Blob([readFileSync(template)]) });
  }
  const name = `carewell_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name} template ${template}`);
  await admin.end();
  // Room for the race tests' concurrent requests, and patience when CI's machine is busy.
  const database = await openPostgres(withDatabase(url, name), { max: 20, connectionTimeoutMillis: 30_000 });
  const close = () => database.close();
  return {
    ...database,
    async close() {
      await close();
      const cleanup = new pg.Client({ connectionString: url });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}
