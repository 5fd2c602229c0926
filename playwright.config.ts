import { defineConfig } from '@playwright/test';

/**
 * Browser journeys run against a real server on the embedded database, started fresh for the run
 * in its own data directory, at http://localhost (a host name, so passkeys work).
 */
const PORT = Number(process.env.E2E_PORT ?? 3100);

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
  webServer: {
    command: `rm -rf .cache/e2e-data && npx tsx src/server.ts`,
    url: `http://localhost:${PORT}/readyz`,
    timeout: 120_000,
    reuseExistingServer: false,
    env: { PORT: String(PORT), HOST: 'localhost', DATA_DIR: '.cache/e2e-data', LOG_LEVEL: 'warn', DEMO_SEED: 'true' },
  },
});
