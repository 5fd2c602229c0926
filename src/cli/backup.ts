import path from 'node:path';
import { runBackup } from '../platform/backup/backup.js';
import { loadConfigOrReport } from '../platform/config.js';

/**
 * `npm run backup -- <dir>`: a backup of the configured database and the encrypted file store into
 * an empty or new directory (docs/backup.md). Exit codes: 0 written, 1 failed (nothing usable: a
 * directory without manifest.json is not a backup).
 */
async function main(): Promise<number> {
  const target = process.argv[2];
  if (!target || process.argv.length > 3) {
    process.stderr.write('Usage: npm run backup -- <empty-or-new-directory>\n');
    return 1;
  }
  const config = loadConfigOrReport();
  if (!config) return 1;
  const manifest = await runBackup({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    appSecret: config.appSecret,
    target: path.resolve(target),
    clock: () => new Date(),
  });
  const rows = Object.values(manifest.rowCounts).reduce((a, b) => a + b, 0);
  const stored = manifest.files.filter((f) => f.path.startsWith('files/')).length;
  process.stdout.write(
    `Backup written to ${path.resolve(target)}: ${manifest.databaseKind} database (${Object.keys(manifest.rowCounts).length} tables, ${rows} rows), ${stored} stored files.\n` +
      'The app secret is NOT in it: keep it apart (docs/backup.md).\n',
  );
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`Backup failed: ${error.message}\n`);
    process.exit(1);
  },
);
