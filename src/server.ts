import { loadConfigOrReport } from './platform/config.js';
import { openConfiguredDatabase } from './platform/db/database.js';
import { DataDirLockedError } from './platform/db/lockfile.js';
import { runMigrations } from './platform/db/migrate.js';
import { createLogger, logFormatFor } from './platform/logger.js';
import { resolveAppSecret } from './platform/secrets.js';

/**
 * The application's modules, loaded while the database opens: each takes most of a second, and
 * doing them one after the other was most of the time from `npm start` to ready.
 */
function loadApplication() {
  return Promise.all([
    import('./app.js'),
    import('./platform/audit/audit-sealer.js'),
    import('./platform/jobs/job-runner.js'),
    import('./platform/outbox/delivery/start-delivery.js'),
    import('./demo/seed.js'),
    import('./modules/records/index.js'),
    import('./platform/backup/admin-socket.js'),
    import('./modules/medications/index.js'),
    import('./modules/decision-support/index.js'),
  ]).then(([app, sealer, jobRunner, delivery, demo, records, adminSocket, medications, decisionSupport]) => ({
    buildApp: app.buildApp,
    startAuditSealer: sealer.startAuditSealer,
    createJobRunner: jobRunner.createJobRunner,
    startOutboxDelivery: delivery.startOutboxDelivery,
    seedDemoHospital: demo.seedDemoHospital,
    demoBanner: demo.demoBanner,
    preloadIcd10: records.preloadIcd10,
    preloadIngredients: medications.preloadIngredients,
    preloadKnowledgeBase: decisionSupport.preloadKnowledgeBase,
    startAdminSocket: adminSocket.startAdminSocket,
  }));
}

/** Process entry: configuration, database, migrations, demo seed, listen, graceful shutdown. */
async function main() {
  const config = loadConfigOrReport();
  if (!config) process.exit(1);
  const logger = createLogger(config.logLevel, undefined, logFormatFor(config.nodeEnv));
  const appSecret = resolveAppSecret(config.appSecret, config.dataDir);
  const loading = loadApplication();
  loading.catch(() => {}); // reported when awaited below, not as an unhandled rejection meanwhile
  let database;
  try {
    database = await openConfiguredDatabase(config, logger);
  } catch (error) {
    if (error instanceof DataDirLockedError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  await runMigrations(database);
  const {
    buildApp,
    startAuditSealer,
    createJobRunner,
    startOutboxDelivery,
    seedDemoHospital,
    demoBanner,
    preloadIcd10,
    preloadIngredients,
    preloadKnowledgeBase,
    startAdminSocket,
  } = await loading;
  // Jobs start before the app so modules can register their handlers while it is built. With
  // RUN_WORKERS=false this process only enqueues; `npm run worker` processes run the jobs.
  const jobs = createJobRunner({ database, logger, workers: config.runWorkers });
  await jobs.start();
  const { app } = await buildApp({ config, database, logger, appSecret, jobs });
  const seeded = config.demoMode
    ? await seedDemoHospital(database.db, config, app.deps.encryptor, app.deps.clock(), app.deps.files)
    : false;
  const stopSealer = startAuditSealer(database.db, logger);
  // Only the process holding the embedded database can copy it consistently: `npm run backup` asks here.
  const stopAdminSocket = database.pglite
    ? await startAdminSocket({ dataDir: config.dataDir, pglite: database.pglite, logger })
    : async () => {};
  // Started once the server listens (below): the outbox keeps what requests queue meanwhile.
  let stopDelivery = async () => {};

  let icd10Load: Promise<unknown> = Promise.resolve();
  let shuttingDown = false;
  const shutdown = async (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    logger.info({ signal }, 'shutting down: draining requests');
    let force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    await stopAdminSocket();
    await app.close(); // stops accepting, waits for in-flight requests
    // A first start's one-time ICD-10 (and ingredient catalogue) load is one statement PGlite cannot cancel: let it commit
    // (tens of seconds at most) rather than be cut off by the deadline and repeated next start.
    clearTimeout(force);
    await icd10Load;
    force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    await stopSealer();
    await stopDelivery();
    await jobs.stop();
    await database.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  await app.listen({ port: config.port, host: config.host });
  process.stdout.write(`${demoBanner(config, seeded, database.kind)}\n`);
  if (config.runWorkers)
    stopDelivery = await startOutboxDelivery({ config, database, jobs, logger, clock: app.deps.clock, encryptor: app.deps.encryptor });
  // After listen, so /readyz answers at once; the first ICD-10 search waits for this load instead of starting its own.
  icd10Load = Promise.all([
    preloadIcd10(database.db, (error) => logger.error({ err: error }, 'loading the ICD-10-CM list failed; the next search retries')),
    preloadIngredients(database.db, (error) =>
      logger.error({ err: error }, 'loading the medicine ingredient catalogue failed; the next search retries'),
    ),
    preloadKnowledgeBase(database.db, app.deps.clock(), (error) =>
      logger.error({ err: error }, 'loading the decision-support knowledge base failed; the next read retries'),
    ),
  ]).catch(() => {});
}

main().catch((error: Error) => {
  process.stderr.write(`Carewell failed to start: ${error.stack ?? error.message}\n`);
  process.exit(1);
});
