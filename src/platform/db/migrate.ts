import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { Database } from './database.js';

export const MIGRATIONS_FOLDER = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../drizzle');

interface JournalEntry {
  idx: number;
  when: number;
  tag: string;
}

/**
 * Drizzle's migrator silently skips a migration older than the last one applied, so two branches
 * that each add a migration could lose one. The history must be one straight line.
 */
export function assertLinearMigrationHistory(folder = MIGRATIONS_FOLDER): JournalEntry[] {
  const journal = JSON.parse(readFileSync(path.join(folder, 'meta', '_journal.json'), 'utf8')) as {
    entries: JournalEntry[];
  };
  journal.entries.forEach((entry, i) => {
    if (entry.idx !== i) throw new Error(`Migration ${entry.tag} has index ${entry.idx}, expected ${i}`);
    const previous = journal.entries[i - 1];
    if (previous && entry.when <= previous.when) {
      throw new Error(`Migration ${entry.tag} is dated before ${previous.tag}: the history is not linear`);
    }
    if (!entry.tag.startsWith(String(i).padStart(4, '0'))) {
      throw new Error(`Migration ${entry.tag} should be numbered ${String(i).padStart(4, '0')}`);
    }
  });
  return journal.entries;
}

export async function runMigrations(database: Database, folder = MIGRATIONS_FOLDER): Promise<void> {
  assertLinearMigrationHistory(folder);
  if (database.kind === 'pglite') {
    await migratePglite(database.db as never, { migrationsFolder: folder });
  } else {
    await migratePg(database.db as never, { migrationsFolder: folder });
  }
}

/** Number of migrations known to the code, for /readyz to compare with what the database applied. */
export function expectedMigrationCount(folder = MIGRATIONS_FOLDER): number {
  return assertLinearMigrationHistory(folder).length;
}
