import { expect, test, type APIRequestContext, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { makeImagingDicom } from '../src/modules/imaging/index.js';
import {
  JPEG_BASELINE,
  JPEG_LOSSLESS_SV1,
  makeCompressedImagingDicom,
  makeJpegBaselineImagingDicom,
  RLE_LOSSLESS,
} from '../test/helpers/dicom-compressed.js';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET, freshTotp, signIn } from './helpers/session.js';

/**
 * Imaging: the doctor orders a CT through the API, radiology uploads a generated three-slice study,
 * and the doctor opens the viewer: dwv (served by the app, no CDN) draws the canvas under the strict
 * CSP, and the slices move with the keyboard alone. Compressed studies (RLE, JPEG lossless, JPEG
 * baseline) are decoded by dwv's workers, served by the app under the viewer page's own CSP.
 */

/*
 * Each account signs in once per file, and later tests reuse its token or its browser session: the
 * server takes a one-time code once per account and 30-second window, so every second sign-in of
 * the doctor waited for the next window (about a minute of each viewer test).
 */
const tokens = new Map<string, string>();
async function apiToken(request: APIRequestContext, email: string): Promise<string> {
  const known = tokens.get(email);
  if (known) return known;
  const res = await request.post('/api/v1/auth/token', {
    data: { email, password: DEMO_PASSWORD, otp: await freshTotp(DEMO_TOTP_SECRET, email) },
  });
  expect(res.status(), await res.text()).toBe(201);
  const token = (await res.json()).token as string;
  tokens.set(email, token);
  return token;
}

let doctorSession: Awaited<ReturnType<BrowserContext['storageState']>> | undefined;
/** A page signed in as the doctor: through the sign-in form the first time, with its cookies after that. */
async function doctorPage(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext(doctorSession ? { storageState: doctorSession } : {});
  const page = await context.newPage();
  if (!doctorSession) {
    await signIn(page, 'doctor@carewell.test', DEMO_PASSWORD, DEMO_TOTP_SECRET);
    doctorSession = await context.storageState();
  }
  return { context, page };
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

  const { context, page } = await doctorPage(browser);
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
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

/** Orders a CT for Maria Santos and uploads the given instances as the radiographer; returns the order. */
async function orderWithStudy(
  request: APIRequestContext,
  instances: (mrn: string) => Buffer[],
): Promise<{ orderId: string; patientId: string }> {
  const doctorToken = await apiToken(request, 'doctor@carewell.test');
  const found = await request.get(`/api/v1/patients?query=${encodeURIComponent('Maria Santos')}`, {
    headers: { authorization: `Bearer ${doctorToken}` },
  });
  const patient = (await found.json()).items[0] as { id: string; mrn: string | number };
  const ordered = await request.post(`/api/v1/patients/${patient.id}/imaging-orders`, {
    headers: { authorization: `Bearer ${doctorToken}` },
    data: { modality: 'CT', bodyPart: 'Head', indication: 'Headache after a fall', priority: 'urgent' },
  });
  expect(ordered.status(), await ordered.text()).toBe(201);
  const orderId = (await ordered.json()).id as string;
  const radiographerToken = await apiToken(request, 'radiographer@carewell.test'); // the technician uploads
  for (const [i, buffer] of instances(String(patient.mrn)).entries()) {
    const res = await request.post(`/api/v1/imaging-orders/${orderId}/instances`, {
      headers: { authorization: `Bearer ${radiographerToken}` },
      multipart: { file: { name: `slice-${i + 1}.dcm`, mimeType: 'application/dicom', buffer } },
    });
    expect(res.status(), await res.text()).toBe(201);
  }
  return { orderId, patientId: patient.id };
}

/** How many distinct colours the viewer's canvases hold, and how many pixels are not black. */
async function canvasInk(page: Page): Promise<{ distinct: number; lit: number }> {
  return page.evaluate(() => {
    const colours = new Set<number>();
    let lit = 0;
    for (const canvas of Array.from(document.querySelectorAll<HTMLCanvasElement>('#imaging-viewer canvas'))) {
      const context = canvas.getContext('2d');
      if (!context || !canvas.width || !canvas.height) continue;
      const data = context.getImageData(0, 0, canvas.width, canvas.height).data;
      for (let i = 0; i < data.length; i += 4) {
        const [r, g, b] = [data[i]!, data[i + 1]!, data[i + 2]!];
        colours.add((r << 16) | (g << 8) | b);
        if (r + g + b > 30) lit++;
      }
    }
    return { distinct: colours.size, lit };
  });
}

/** A 64×64 JPEG (baseline, 8-bit YCbCr) of a gradient with a bright square, made by Chromium's canvas encoder. */
async function browserJpeg(page: Page): Promise<Buffer> {
  const dataUrl = await page.evaluate(() => {
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = 64;
    const context = canvas.getContext('2d')!;
    const gradient = context.createLinearGradient(0, 0, 64, 64);
    gradient.addColorStop(0, '#101010');
    gradient.addColorStop(1, '#e0e0e0');
    context.fillStyle = gradient;
    context.fillRect(0, 0, 64, 64);
    context.fillStyle = '#ffffff';
    context.fillRect(24, 24, 16, 16);
    return canvas.toDataURL('image/jpeg', 0.95);
  });
  return Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64');
}

for (const syntax of [RLE_LOSSLESS, JPEG_LOSSLESS_SV1, JPEG_BASELINE]) {
  test(`the viewer draws a compressed study (${syntax}) with dwv's decoder worker and no CSP violation`, async ({ browser, request }) => {
    test.setTimeout(180_000);
    const { context, page } = await doctorPage(browser);
    const problems: string[] = [];
    page.on('console', (message) => {
      // Errors, and any message about the policy (a CSP report-only or worker refusal is not always an error).
      if (message.type() === 'error' || /Content Security Policy|Refused/i.test(message.text())) problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    const workers: string[] = [];
    page.on('worker', (worker) => workers.push(new URL(worker.url()).pathname));
    const jpeg = syntax === JPEG_BASELINE ? await browserJpeg(page) : undefined;
    const studyInstanceUid = `1.2.826.0.1.3680043.8.498.${Date.now()}`; // a new study per test
    const { orderId } = await orderWithStudy(request, (mrn) =>
      [1, 2].map((n) => {
        const fields = { patientId: mrn, patientName: 'Santos^Maria', instanceNumber: n, size: 64, studyInstanceUid };
        if (jpeg) return makeJpegBaselineImagingDicom(jpeg, fields);
        return makeCompressedImagingDicom(syntax === RLE_LOSSLESS ? 'rle' : 'jpeg-lossless', fields);
      }),
    );
    const viewer = await page.goto(`/staff/imaging/orders/${orderId}/viewer`);
    const csp = (await viewer!.allHeaders())['content-security-policy'] ?? '';
    expect(csp).toContain("worker-src 'self'");
    await expect(page.locator('#imaging-viewer[data-loaded="true"]')).toBeAttached({ timeout: 30_000 });
    await expect(page.locator('#imaging-viewer-status')).toContainText('of 2');
    await expect.poll(async () => (await canvasInk(page)).lit, { timeout: 15_000 }).toBeGreaterThan(200);
    expect((await canvasInk(page)).distinct).toBeGreaterThan(10); // an image, not a flat fill
    expect(workers.some((w) => w.startsWith('/assets/imaging/assets/workers/'))).toBe(true);
    await page.screenshot({ path: `test-results/imaging-viewer-${syntax}.png` });
    expect(problems.filter((p) => /Content Security Policy|Refused/i.test(p))).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });
}

test('a study in a transfer syntax dwv cannot decode (JPEG-LS) says so in words', async ({ browser, request }) => {
  test.setTimeout(120_000);
  const studyInstanceUid = `1.2.826.0.1.3680043.8.498.${Date.now()}`;
  const { orderId } = await orderWithStudy(request, (mrn) => [
    makeImagingDicom({
      patientId: mrn,
      patientName: 'Santos^Maria',
      studyInstanceUid,
      // JPEG-LS Lossless: dwv 0.36 has no decoder for it; the bytes are never decoded.
      compressed: { transferSyntaxUid: '1.2.840.10008.1.2.4.80', frame: Buffer.from([0xff, 0xd8, 0xff, 0xd9]) },
    }),
  ]);
  const { context, page } = await doctorPage(browser);
  await page.goto(`/staff/imaging/orders/${orderId}/viewer`);
  await expect(page.locator('#imaging-viewer-status')).toHaveText(/compression \(transfer syntax\) that this viewer cannot draw/, {
    timeout: 30_000,
  });
  await context.close();
});
