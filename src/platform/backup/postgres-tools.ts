import { spawn } from 'node:child_process';

/**
 * pg_dump / pg_restore from the machine's PostgreSQL client (Debian: `apt-get install
 * postgresql-client`, the same major version as the server or newer). A password in the URL goes
 * to the child through PGPASSWORD, not its arguments, which other users of the machine can list.
 */
export class MissingClientToolError extends Error {
  constructor(tool: string) {
    super(
      `${tool} was not found on PATH. Install PostgreSQL's client programs (Debian/Ubuntu: apt-get install postgresql-client) at the server's major version or newer.`,
    );
  }
}

export function runPostgresTool(tool: 'pg_dump' | 'pg_restore', url: string, args: string[]): Promise<void> {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = '';
  const env = { ...process.env, ...(password ? { PGPASSWORD: password } : {}) };
  return new Promise((resolve, reject) => {
    const child = spawn(tool, [...args, `--dbname=${parsed.toString()}`], { stdio: ['ignore', 'ignore', 'pipe'], env });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      if (stderr.length < 4_000) stderr += chunk;
    });
    child.on('error', (error: NodeJS.ErrnoException) => reject(error.code === 'ENOENT' ? new MissingClientToolError(tool) : error));
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${tool} failed (exit ${code}): ${stderr.trim()}`))));
  });
}
