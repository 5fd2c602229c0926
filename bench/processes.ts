import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, readdirSync, readFileSync } from 'node:fs';

/**
 * CPU time (user + system) used so far by a process, and by the PostgreSQL backends serving one
 * database (their process title names it), in ms. On a shared machine a throughput moves with the
 * neighbours' load; the CPU a request costs moves far less. A backend that ends between two
 * readings (the pool closing an idle connection) takes its CPU with it, so a difference can come
 * out low, even negative: read the PostgreSQL column over several runs.
 */
export function cpuMsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}
export function postgresCpuMs(database: string): number {
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (!readFileSync(`/proc/${entry}/cmdline`, 'utf8').startsWith(`postgres: `)) continue;
      if (!readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(` ${database} `)) continue;
      total += cpuMsOf(Number(entry));
    } catch {
      /* gone meanwhile */
    }
  }
  return total;
}

/** Resident memory of a server process (Linux), in MB. */
export function residentMb(child: ChildProcess): number {
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  return Math.round(Number(status.match(/VmRSS:\s+(\d+)/)![1]) / 1024);
}

/** Stops a server process and waits until it has exited. */
export async function stop(child: ChildProcess) {
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
}

/**
 * Node itself runs the script (not an npx wrapper), so SIGTERM reaches the server. Its standard
 * output is dropped unless BENCH_SERVER_STDOUT names a file to append it to (e.g. `--trace-gc`'s lines).
 */
export function start(args: string[], env: Record<string, string>): ChildProcess {
  const stdout = process.env.BENCH_SERVER_STDOUT ? openSync(process.env.BENCH_SERVER_STDOUT, 'a') : 'ignore';
  return spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', stdout, 'inherit'] });
}

export async function waitFor(url: string, timeoutMs = 120_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not come up`);
}
