import { sql } from 'drizzle-orm';
import { buildApp } from './app.js';
import { ConfigError, loadConfig, type Config } from './platform/config.js';
import { openConfiguredDatabase, type Database } from './platform/db/database.js';
import { DataDirLockedError } from './platform/db/lockfile.js';
import { expectedMigrationCount } from './platform/db/migrate.js';
import { createJobRunner } from './platform/jobs/job-runner.js';
import { createLogger, logFormatFor } from './platform/logger.js';
import { startOutboxDelivery } from './platform/outbox/delivery/start-delivery.js';
import { resolveAppSecret } from './platform/secrets.js';

/**
 * `npm run worker`: background jobs and outbox delivery without HTTP, for deployments that run
 * workers apart from the web processes (RUN_WORKERS=false there). It never migrates: it refuses
 * to start until the web process (or an operator) has applied the migrations.
 */
async function appliedMigrationCount(database: Database): Promise<number> {
  try {
    const result = await database.db.execute(sql`select count(*)::int as applied from drizzle.__drizzle_migrations`);
    const rows = (Array.isArray(result) ? result : (result as { rows: { applied: number }[] }).rows) as { applied: number }[];
    return Number(rows[0]?.applied ?? 0);
  } catch {
    return 0;
  }
}

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

async function main() {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
  if (!config.databaseUrl) {
    process.stderr.write(
      'Separate workers need PostgreSQL: set DATABASE_URL. The embedded database (PGlite) can be opened by one process only, ' +
        'and `npm start` already runs the workers in-process (RUN_WORKERS=true, the default).\n',
    );
  }
  const logger = createLogger(config.logLevel, undefined, logFormatFor(config.nodeEnv));
  let database: Database;
  try {
    database = await openConfiguredDatabase(config, logger);
  } catch (error) {
    if (error instanceof DataDirLockedError) fail(error.message);
    throw error;
  }
  const expected = expectedMigrationCount();
  const applied = await appliedMigrationCount(database);
  if (applied < expected) {
    await database.close();
    fail(
      `Migrations are pending (${applied} of ${expected} applied): start the web process (npm start) once to apply them, then start the worker.`,
    );
  }

  const jobs = createJobRunner({ database, logger, workers: true });
  await jobs.start();
  // The app is built (never listening) so that modules register their job handlers as they do in
  // the web process.
  const workerConfig = { ...config, runWorkers: true };
  const { app } = await buildApp({
    config: workerConfig,
    database,
    logger,
    appSecret: resolveAppSecret(config.appSecret, config.dataDir),
    jobs,
  });
  const stopDelivery = await startOutboxDelivery({
    config: workerConfig,
    database,
    jobs,
    logger,
    clock: app.deps.clock,
    encryptor: app.deps.encryptor,
  });
  logger.info({ database: database.kind }, 'worker started');

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'worker stopping: finishing the jobs in hand');
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    await stopDelivery();
    await jobs.stop();
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error: Error) => {
  process.stderr.write(`Carewell worker failed to start: ${error.stack ?? error.message}\n`);
  process.exit(1);
});
