import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, type Page } from '@playwright/test';
import { TOTP } from 'otpauth';
import { expectAccessible } from './axe.js';

export const DEMO_PASSWORD = 'carewell-demo';
export const DEMO_TOTP_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

// Kept in a file, not in memory: each Playwright project runs in a new worker process, and the
// homes' journey and the next project's first journey sign the same accounts in within one window.
const STEPS_FILE = path.join(os.tmpdir(), `carewell-e2e-totp-steps-${process.env.E2E_PORT ?? 3100}.json`);
function readSteps(): Record<string, number> {
  try {
    return JSON.parse(readFileSync(STEPS_FILE, 'utf8')) as Record<string, number>;
  } catch {
    return {};
  }
}

/**
 * The code an authenticator would show now for `account`. The server accepts a code once per
 * account and 30-second window (users.totp_last_step), so a second sign-in of the same account in
 * one window waits for the next window. The demo accounts share one secret, but not their windows:
 * keyed by the secret alone, signing in as the doctor and then the radiographer waited 30 s for
 * nothing, several times per journey.
 */
export async function freshTotp(secret: string, account: string): Promise<string> {
  const key = `${account.toLowerCase()}|${secret}`;
  const usedSteps = readSteps();
  let step = Math.floor(Date.now() / 30_000);
  if (usedSteps[key] === step) {
    await new Promise((r) => setTimeout(r, 30_000 - (Date.now() % 30_000) + 200));
    step = Math.floor(Date.now() / 30_000);
  }
  writeFileSync(STEPS_FILE, JSON.stringify({ ...usedSteps, [key]: step }));
  return new TOTP({ secret }).generate();
}

export async function signIn(page: Page, email: string, password: string, totpSecret?: string): Promise<void> {
  await page.goto('/login');
  await page.locator('#f-email').fill(email);
  await page.locator('#f-password').fill(password);
  await page.locator('form[action^="/login"] button[type=submit]').first().click();
  if (totpSecret) {
    await expect(page).toHaveURL(/\/login\/otp/);
    await page.locator('#f-otp').fill(await freshTotp(totpSecret, email));
    await page.locator('form[action^="/login/otp"] button[type=submit]').click();
  }
  await expect(page).not.toHaveURL(/\/login/);
}

/** Opens the newest outbox message to `recipient` (admin, demo mode) and returns the first link in it. */
export async function linkFromOutbox(adminPage: Page, recipient: string, pathPart: string): Promise<string> {
  await adminPage.goto('/admin/outbox');
  await expectAccessible(adminPage);
  const row = adminPage.locator('tr', { hasText: recipient }).first();
  await row.locator('a').first().click();
  const link = adminPage.locator(`a[href*="${pathPart}"]`).first();
  await expect(link).toBeVisible();
  return (await link.getAttribute('href'))!;
}
