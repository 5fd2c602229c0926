/**
 * `npm run screenshots`: PNGs of each role's home and of a demo patient's staff chart, at desktop
 * (1280×800) and phone (390×844) width, written to docs/screenshots/.
 *
 * Starts its own server on a fresh demo hospital (DEMO_SEED, embedded database in
 * .cache/screenshots-data) on SCREENSHOTS_PORT (default 3190), signs in as the demo people with
 * Debian's chromium (CHROMIUM_PATH to change it), and stops the server at the end.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright';
import { TOTP } from 'otpauth';

const PORT = Number(process.env.SCREENSHOTS_PORT ?? 3190);
const BASE = `http://localhost:${PORT}`;
const OUT = path.resolve('docs/screenshots');
const DATA_DIR = '.cache/screenshots-data';
const PASSWORD = 'carewell-demo';
const TOTP_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

const VIEWPORTS = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 390, height: 844 },
} as const;

interface Shot {
  name: string;
  email: string;
  staff: boolean;
  /** Opens the page to capture, once signed in. */
  open: (page: Page) => Promise<void>;
}

const home = (url: string) => async (page: Page) => {
  await page.goto(`${BASE}${url}`);
};

/** A demo patient's chart as their cardiologist sees it, reached as a person would: search, open. */
async function openChart(page: Page): Promise<void> {
  await page.goto(`${BASE}/staff/patients?query=Santos`);
  const link = page.locator('main a', { hasText: 'Santos' }).first();
  const href = await link.getAttribute('href');
  await link.click();
  await page.waitForURL((url) => url.pathname === href);
}

const SHOTS: Shot[] = [
  { name: 'patient-home', email: 'patient@carewell.test', staff: false, open: home('/portal') },
  { name: 'doctor-home', email: 'doctor@carewell.test', staff: true, open: home('/staff') },
  { name: 'nurse-home', email: 'nurse@carewell.test', staff: true, open: home('/staff') },
  { name: 'receptionist-home', email: 'reception@carewell.test', staff: true, open: home('/staff') },
  { name: 'admin-home', email: 'admin@carewell.test', staff: true, open: home('/staff') },
  { name: 'doctor-chart', email: 'doctor@carewell.test', staff: true, open: openChart },
];

async function waitForServer(): Promise<void> {
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${BASE}/readyz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 1_000));
  }
  throw new Error('the server did not become ready');
}

/** A second-factor code is accepted once per account and 30-second window. */
const usedWindows = new Map<string, number>();
async function totpFor(email: string): Promise<string> {
  let step = Math.floor(Date.now() / 30_000);
  if (usedWindows.get(email) === step) {
    await new Promise((r) => setTimeout(r, 30_000 - (Date.now() % 30_000) + 200));
    step = Math.floor(Date.now() / 30_000);
  }
  usedWindows.set(email, step);
  return new TOTP({ secret: TOTP_SECRET }).generate();
}

async function signIn(page: Page, shot: Shot): Promise<void> {
  await page.goto(`${BASE}/login`);
  await page.locator('#f-email').fill(shot.email);
  await page.locator('#f-password').fill(PASSWORD);
  await page.locator('form[action^="/login"] button[type=submit]').first().click();
  if (shot.staff) {
    await page.waitForURL(/\/login\/otp/);
    await page.locator('#f-otp').fill(await totpFor(shot.email));
    await page.locator('form[action^="/login/otp"] button[type=submit]').click();
  }
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

async function capture(browser: Browser): Promise<string[]> {
  const written: string[] = [];
  for (const shot of SHOTS) {
    for (const [width, viewport] of Object.entries(VIEWPORTS)) {
      const context = await browser.newContext({ viewport, locale: 'en' });
      const page = await context.newPage();
      await signIn(page, shot);
      await shot.open(page);
      const file = path.join(OUT, `${shot.name}-${width}.png`);
      await page.screenshot({ path: file, fullPage: false });
      written.push(path.relative(process.cwd(), file));
      await context.close();
    }
  }
  return written;
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  rmSync(DATA_DIR, { recursive: true, force: true });
  const server = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    env: { ...process.env, PORT: String(PORT), HOST: 'localhost', DATA_DIR, LOG_LEVEL: 'warn', DEMO_SEED: 'true' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  try {
    await waitForServer();
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu'],
    });
    try {
      for (const file of await capture(browser)) console.log(file);
    } finally {
      await browser.close();
    }
  } finally {
    server.kill('SIGTERM');
  }
}

await main();
