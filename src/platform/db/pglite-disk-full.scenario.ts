import { execFileSync } from 'node:child_process';
import { sql } from 'drizzle-orm';
import { databaseFaultCode, isFatalEmbeddedError } from './database-faults.js';
import { openPglite } from './database.js';

/**
 * Run by pglite-disk-full.int.test.ts in a child process (a regression here would block the event
 * loop, which only a parent can time out): fills the small file system holding `dataDir` and
 * reports, as one JSON line, how PGlite failed and whether Carewell's guard stopped the instance.
 */
const [dataDir, mountPoint] = process.argv.slice(2) as [string, string];
const database = await openPglite({ dataDir });
const run = (query: string) => database.db.execute(sql.raw(query));
await database.exec(
  "create table filler_probe (id int primary key, n int not null, v text); insert into filler_probe values (1, 0, 'a'); create table grows (v text)",
);
const avail = Number(execFileSync('df', ['-k', '--output=avail', mountPoint]).toString().split('\n')[1]);
execFileSync('sh', ['-c', `dd if=/dev/zero of=${mountPoint}/filler bs=1k count=${Math.max(avail - 8, 0)} 2>/dev/null || true`]);

const report: Record<string, unknown> = {};
// A table that must grow: SQLSTATE 53100 with severity ERROR; the instance stays usable.
const grow = await run("insert into grows select repeat('x', 1000) from generate_series(1, 2000)").then(
  () => undefined,
  (e: unknown) => e,
);
report.growCode = databaseFaultCode(grow);
report.growFatal = isFatalEmbeddedError(grow);
report.readAfterGrow = await run('select 1').then(
  () => 'ok',
  (e: Error) => e.name,
);
// The WAL that must grow: the same SQLSTATE with severity PANIC.
let commits = 0;
for (;;) {
  const error = await run('update filler_probe set n = n + 1, v = repeat(md5(random()::text), 60) where id = 1').then(
    () => undefined,
    (e: unknown) => e,
  );
  if (error) {
    report.walCode = databaseFaultCode(error);
    report.walFatal = isFatalEmbeddedError(error);
    break;
  }
  commits += 1;
  if (commits > 100_000) break;
}
report.commits = commits;
// Without the guard this statement never returns and the process freezes.
report.afterPanic = await run('select 1').then(
  () => 'ok',
  (e: unknown) => databaseFaultCode(e),
);
process.stdout.write(`${JSON.stringify(report)}\n`);
process.exit(0);
