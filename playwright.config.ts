import { execFileSync } from 'node:child_process';
import { defineConfig } from '@playwright/test';

/**
 * Browser journeys run against a real server on the embedded database, started fresh for the run
 * in its own data directory, at http://localhost (a host name, so passkeys work).
 */
const PORT = Number(process.env.E2E_PORT ?? 3100);

/**
 * The server also runs the inbound HL7 listener (docs/integration.md) on a free port of 127.0.0.1,
 * taking ORU^R01 from the registered sender LIS^CITYLAB (e2e/labs.spec.ts sends one). The port is
 * chosen once, when the runner loads this file, and kept in the environment, which the test workers
 * inherit (they load this file again and keep it).
 */
function freeLoopbackPort(): number {
  const script =
    "const s=require('node:net').createServer();s.listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close()})";
  return Number(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }));
}
process.env.E2E_HL7_PORT ??= String(freeLoopbackPort());

export default defineConfig({
  testDir: 'e2e',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://localhost:${PORT}`,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
    trace: 'off',
  },
  // The video visit's journey runs first: it holds the demo's telemedicine appointment, whose join
  // window opens at the seed and closes 25 minutes later (src/demo/demo-video-visit.ts); the other
  // journeys, an unknown number of minutes long, follow. No other journey uses its two accounts.
  // The homes' journey comes next, while the demo's worklists are as seeded: later journeys add to
  // them (the billing journey's bill and payment notifications push the demo's own out of the
  // patient's five unread; its completed visit adds a note to sign).
  projects: [
    { name: 'video-visit', testMatch: /telemedicine\.spec\.ts$/ },
    { name: 'homes', testMatch: /home-pages\.spec\.ts$/, dependencies: ['video-visit'] },
    { name: 'journeys', testIgnore: /(telemedicine|home-pages)\.spec\.ts$/, dependencies: ['homes'] },
  ],
  webServer: {
    command: `rm -rf .cache/e2e-data && npx tsx src/server.ts`,
    url: `http://localhost:${PORT}/readyz`,
    timeout: 120_000,
    reuseExistingServer: false,
    env: {
      PORT: String(PORT),
      HOST: 'localhost',
      DATA_DIR: '.cache/e2e-data',
      LOG_LEVEL: 'warn',
      DEMO_SEED: 'true',
      HL7_MLLP_PORT: process.env.E2E_HL7_PORT,
      HL7_MLLP_HOST: '127.0.0.1',
      HL7_SENDERS: 'LIS^CITYLAB', // e2e/helpers/hl7.ts sends as this sender
    },
  },
});
