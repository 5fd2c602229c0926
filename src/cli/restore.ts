import path from 'node:path';
import { runRestore } from '../platform/backup/restore.js';
import { loadConfigOrReport } from '../platform/config.js';

/**
 * `npm run restore -- <backup-dir>`: restores into the configured DATA_DIR / DATABASE_URL, which
 * must be empty, after checking every hash; the app secret must be supplied (docs/backup.md).
 */
async function main(): Promise<number> {
  const source = process.argv[2];
  if (!source || process.argv.length > 3) {
    process.stderr.write('Usage: npm run restore -- <backup-directory>   (into an empty DATA_DIR or an empty DATABASE_URL)\n');
    return 1;
  }
  const config = loadConfigOrReport();
  if (!config) return 1;
  const manifest = await runRestore({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    appSecret: config.appSecret,
    source: path.resolve(source),
  });
  process.stdout.write(
    `Restored the backup of ${manifest.createdAt}: ${Object.keys(manifest.rowCounts).length} tables with the same row counts, ` +
      `${manifest.files.filter((f) => f.path.startsWith('files/')).length} stored files with the same SHA-256. Run npm run audit:verify, then npm start.\n`,
  );
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`Restore failed: ${error.message}\n`);
    process.exit(1);
  },
);
