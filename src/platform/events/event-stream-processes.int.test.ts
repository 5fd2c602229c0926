import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/helpers/app.js';
import { createAccount } from '../../../test/helpers/actors.js';
import { openSse, type SseClient } from '../../../test/helpers/sse.js';
import { publishEvent } from './index.js';
import { postgresLegReady } from '../../../test/helpers/postgres-leg.js';
import { randomTestPort } from '../../../test/helpers/ports.js';

/**
 * Issue 3: an event published by one app process reaches an SSE client connected to a second
 * process. The second process is the real server (src/server.ts) on the same PostgreSQL database.
 */
describe('events across processes', () => {
  const t = useTestApp();
  const onPostgres = postgresLegReady();
  let child: ChildProcess | undefined;
  const clients: SseClient[] = [];
  afterAll(async () => {
    clients.forEach((c) => c.close());
    if (child && child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => child!.once('exit', r));
    }
  });

  it.runIf(onPostgres)(
    'reaches a client of another server process on PostgreSQL, and only its addressee (PostgreSQL only: PGlite cannot be shared by two processes)',
    async () => {
      const port = randomTestPort(3400, 400);
      child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
        env: {
          ...process.env,
          DATABASE_URL: String(t.database.pool!.options.connectionString),
          PORT: String(port),
          HOST: '127.0.0.1',
          DATA_DIR: mkdtempSync(path.join(tmpdir(), 'carewell-second-')),
          LOG_LEVEL: 'warn',
          RUN_WORKERS: 'false',
        },
        stdio: 'ignore',
      });
      const base = `http://127.0.0.1:${port}`;
      for (let i = 0; i < 240; i++) {
        if (
          await fetch(`${base}/readyz`).then(
            (r) => r.ok,
            () => false,
          )
        )
          break;
        await new Promise((r) => setTimeout(r, 250));
      }
      // The second process runs on the real clock (session idle timeouts, the 24-hour replay window),
      // so this file's accounts, sessions and events are stamped with real time too.
      t.clock.current = new Date();
      const nurse = await createAccount(t, { role: 'nurse' });
      const patient = await createAccount(t, { role: 'patient' });
      const nurseStream = await openSse(base, { token: nurse.token });
      const patientStream = await openSse(base, { token: patient.token });
      clients.push(nurseStream, patientStream);

      const id = await publishEvent(
        t.db,
        { type: 'test.other_process', audience: { userIds: [nurse.userId] }, data: { hello: 'from this process' } },
        t.clock.now(),
      );
      expect(await nurseStream.waitFor((m) => m.event === 'test.other_process', 10_000)).toEqual({
        id: String(id),
        event: 'test.other_process',
        data: { hello: 'from this process' },
      });
      const sentinel = await publishEvent(
        t.db,
        { type: 'test.sentinel', audience: { userIds: [patient.userId] }, data: {} },
        t.clock.now(),
      );
      await patientStream.waitFor((m) => m.id === String(sentinel), 10_000);
      expect(patientStream.messages.map((m) => m.event)).toEqual(['test.sentinel']);
    },
    90_000,
  );
});
