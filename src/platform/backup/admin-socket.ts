import { chmodSync, mkdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import type { Logger } from 'pino';

/**
 * The local administrator channel of a server running on PGlite: a Unix domain socket in
 * `$DATA_DIR/run/` (directory 0700, socket 0600), so only the server's own user can reach it, and
 * it is not an HTTP route. Its one command, `dump-database`, answers with the consistent copy that
 * only the process holding the database can make (PGlite's dumpDataDir runs between statements, on
 * the same session, so the copy is what a crash at that instant would leave: committed work only).
 *
 * Reply: one JSON line `{"ok":true,"bytes":N}` followed by N bytes (a gzipped tar), or
 * `{"ok":false,"error":"…"}`.
 */
export function adminSocketPath(dataDir: string): string {
  return path.join(dataDir, 'run', 'admin.sock');
}

const COMMAND_TIMEOUT_MS = 5_000;
const MAX_COMMAND_BYTES = 256;

export async function startAdminSocket(options: { dataDir: string; pglite: PGlite; logger: Logger }): Promise<() => Promise<void>> {
  const socketPath = adminSocketPath(options.dataDir);
  mkdirSync(path.dirname(socketPath), { recursive: true, mode: 0o700 });
  chmodSync(path.dirname(socketPath), 0o700);
  // A socket left by a killed server: this process holds the database lock, so no live server owns it.
  rmSync(socketPath, { force: true });
  const server = net.createServer((socket) => {
    let received = '';
    socket.setTimeout(COMMAND_TIMEOUT_MS, () => socket.destroy());
    socket.on('error', () => socket.destroy());
    socket.on('data', (chunk) => {
      received += chunk.toString('utf8');
      if (received.length > MAX_COMMAND_BYTES) return socket.destroy();
      const newline = received.indexOf('\n');
      if (newline < 0) return;
      socket.removeAllListeners('data');
      socket.setTimeout(0);
      void answer(received.slice(0, newline).trim(), socket, options);
    });
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(socketPath, () => resolve());
    });
  } catch (error) {
    // Unix socket paths are limited to ~107 bytes: a long DATA_DIR must not stop the hospital's server.
    options.logger.warn(
      { err: error },
      'the administrator socket could not be opened: npm run backup cannot ask this server (stop it and back up, or shorten DATA_DIR)',
    );
    return async () => {};
  }
  chmodSync(socketPath, 0o600);
  return () =>
    new Promise<void>((resolve) => {
      server.close(() => {
        rmSync(socketPath, { force: true });
        resolve();
      });
    });
}

async function answer(command: string, socket: net.Socket, options: { pglite: PGlite; logger: Logger }): Promise<void> {
  if (command !== 'dump-database') {
    socket.end(`${JSON.stringify({ ok: false, error: 'unknown command' })}\n`);
    return;
  }
  try {
    const started = performance.now();
    const dump = Buffer.from(await (await options.pglite.dumpDataDir('gzip')).arrayBuffer());
    options.logger.info({ bytes: dump.length, ms: Math.round(performance.now() - started) }, 'database dump for a backup');
    socket.write(`${JSON.stringify({ ok: true, bytes: dump.length })}\n`);
    socket.end(dump);
  } catch (error) {
    options.logger.error({ err: error }, 'database dump for a backup failed');
    socket.end(`${JSON.stringify({ ok: false, error: 'the server could not dump the database (see its log)' })}\n`);
  }
}

/** Asks the running server for a database copy; resolves with the gzipped tar. */
export function requestDatabaseDump(dataDir: string, timeoutMs = 10 * 60_000): Promise<Buffer> {
  const socketPath = adminSocketPath(dataDir);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = net.createConnection(socketPath, () => socket.write('dump-database\n'));
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error('the server did not answer in time')));
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'ENOENT' || error.code === 'ECONNREFUSED'
          ? new Error(
              `The database is locked by a running process, but no server answers on ${socketPath}. Is it a Carewell server of this version?`,
            )
          : error,
      );
    });
    socket.on('end', () => {
      const all = Buffer.concat(chunks);
      const newline = all.indexOf(0x0a);
      let header: { ok: boolean; bytes?: number; error?: string };
      try {
        header = JSON.parse(all.subarray(0, newline).toString('utf8')) as typeof header;
      } catch {
        return reject(new Error('The server sent an unreadable answer.'));
      }
      if (!header.ok) return reject(new Error(`The server refused: ${header.error ?? 'unknown error'}`));
      const body = all.subarray(newline + 1);
      if (body.length !== header.bytes) return reject(new Error(`The copy arrived incomplete (${body.length} of ${header.bytes} bytes).`));
      resolve(body);
    });
  });
}
