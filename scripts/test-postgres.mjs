// The PostgreSQL leg, locally and in CI: the integration tests on a real PostgreSQL server (and
// Redis), with REQUIRE_POSTGRES=1 so a test that needs either fails instead of being skipped.
//
//   npm run test:pg                      every *.int.test.ts file
//   npm run test:pg -- path/to/a.int.test.ts   only those files
//
// TEST_DATABASE_URL and TEST_REDIS_URL default to a local server (trust auth, user postgres).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const env = {
  ...process.env,
  TEST_DATABASE_URL: process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test',
  TEST_REDIS_URL: process.env.TEST_REDIS_URL || 'redis://127.0.0.1:6379',
  REQUIRE_POSTGRES: '1',
};

const url = new URL(env.TEST_DATABASE_URL);
const ready = spawnSync('pg_isready', ['-h', url.hostname, '-p', url.port || '5432', '-t', '10'], { stdio: 'inherit' });
if (ready.error || ready.status !== 0) {
  console.error(
    `PostgreSQL does not answer at ${url.hostname}:${url.port || '5432'} (pg_isready${ready.error ? `: ${ready.error.message}` : ''}). Start it, or set TEST_DATABASE_URL.`,
  );
  process.exit(1);
}

// The tests clone their databases from a template they create; the database in the URL only has
// to exist for them to connect to. Create it on a fresh server.
const database = decodeURIComponent(url.pathname.slice(1));
const maintenance = new URL(url);
maintenance.pathname = '/postgres';
const admin = new pg.Client({ connectionString: maintenance.toString() });
await admin.connect();
const exists = await admin.query('select 1 from pg_database where datname = $1', [database]);
if (exists.rowCount === 0) await admin.query(`create database "${database.replace(/"/g, '""')}"`);
await admin.end();

const files = process.argv.slice(2);
const run = spawnSync(
  process.execPath,
  [path.join(ROOT, 'node_modules/vitest/vitest.mjs'), 'run', ...(files.length ? files : ['.int.test.ts'])],
  {
    cwd: ROOT,
    env,
    stdio: 'inherit',
  },
);
process.exit(run.status ?? 1);
