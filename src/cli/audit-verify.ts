import { ConfigError, loadConfig } from '../platform/config.js';
import { openConfiguredDatabase, type Database } from '../platform/db/database.js';
import { DataDirLockedError } from '../platform/db/lockfile.js';
import { LOCKED_MESSAGE, runAuditVerification } from './verify-audit-chain.js';

/**
 * `npm run audit:verify`: verifies the audit trail's hash chain from the command line.
 * Exit codes: 0 intact, 1 broken (or failed), 2 the embedded database is held by the server.
 */
async function main(): Promise<number> {
  let database: Database;
  try {
    database = await openConfiguredDatabase(loadConfig());
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    if (error instanceof DataDirLockedError) {
      process.stderr.write(`${LOCKED_MESSAGE}\n`);
      return 2;
    }
    throw error;
  }
  try {
    const report = await runAuditVerification(database.db);
    (report.exitCode === 0 ? process.stdout : process.stderr).write(`${report.message}\n`);
    return report.exitCode;
  } finally {
    await database.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`audit verification failed: ${error.message}\n`);
    process.exit(1);
  },
);
