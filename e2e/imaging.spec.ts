import { expect, test, type APIRequestContext } from '@playwright/test';
import { makeImagingDicom } from '../src/modules/imaging/index.js';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET, freshTotp, signIn } from './helpers/session.js';

/**
 * Imaging: the doctor orders a CT through the API, radiology uploads a generated three-slice study,
 * and the doctor opens the viewer: dwv (served by the app, no CDN) draws the canvas under the strict
 * CSP, and the slices move with the keyboard alone.
 */

async function apiToken(request: APIRequestContext, email: string): Promise<string> {
  const res = await request.post('/api/v1/auth/token', {
    data: { email, password: DEMO_PASSWORD, otp: await freshTotp(DEMO_TOTP_SECRET) },
  });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()).token as string;
}

test('the viewer draws an uploaded study without CSP errors and scrolls with the keyboard', async ({ browser, request }) => {
  test.setTimeout(180_000);
  const doctorToken = await apiToken(request, 'doctor@carewell.test');
  const found = await request.get(`/api/v1/patients?query=${encodeURIComponent('Maria Santos')}`, {
    headers: { authorization: `Bearer ${doctorToken}` },
  });
  const patient = (await found.json()).items[0] as { id: string; mrn: string | number };
  const ordered = await request.post(`/api/v1/patients/${patient.id}/imaging-orders`, {
    headers: { authorization: `Bearer ${doctorToken}` },
    data: { modality: 'CT', bodyPart: 'Chest', indication: 'Cough for six weeks', priority: 'urgent' },
  });
  expect(ordered.status(), await ordered.text()).toBe(201);
  const orderId = (await ordered.json()).id as string;

  const radiologyToken = await apiToken(request, 'radiology@carewell.test');
  for (const n of [1, 2, 3]) {
    const res = await request.post(`/api/v1/imaging-orders/${orderId}/instances`, {
      headers: { authorization: `Bearer ${radiologyToken}` },
      multipart: {
        file: {
          name: `slice-${n}.dcm`,
          mimeType: 'application/dicom',
          buffer: makeImagingDicom({ patientId: String(patient.mrn), patientName: 'Santos^Maria', instanceNumber: n, size: 64 }),
        },
      },
    });
    expect(res.status(), await res.text()).toBe(201);
  }

  const context = await browser.newContext();
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  await signIn(page, 'doctor@carewell.test', DEMO_PASSWORD, DEMO_TOTP_SECRET);
  await page.goto(`/staff/patients/${patient.id}/imaging`);
  await page.locator(`a[href="/staff/imaging/orders/${orderId}"]`).click();
  await page.getByRole('link', { name: 'View images' }).click();
  await expect(page.locator('#imaging-viewer[data-loaded="true"]')).toBeAttached({ timeout: 30_000 });
  await expect(page.locator('#imaging-viewer canvas').first()).toBeVisible();
  const status = page.locator('#imaging-viewer-status');
  await expect(status).toContainText('of 3');
  const before = await status.textContent();
  await page.locator('#imaging-viewer').focus();
  await page.keyboard.press('ArrowUp');
  await expect(status).not.toHaveText(before ?? '');
  await page.screenshot({ path: 'test-results/imaging-viewer.png' });
  expect(problems.filter((p) => /Content Security Policy|Refused/i.test(p))).toEqual([]);
  expect(problems).toEqual([]);
  await context.close();
});
