import { expect, test, type Browser, type Page } from '@playwright/test';
import { expectAccessible } from './helpers/axe.js';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET, signIn } from './helpers/session.js';

/**
 * Issue 14's journey (docs/vitals.md, docs/remote-monitoring.md).
 *
 * Home monitoring: Dr. Haddad gives Maria Santos's active care plan measurable blood-pressure goals
 * (systolic below 130, diastolic below 80 mmHg: the demo's goal is words only). Sam Patel, the nurse
 * on Maria's care team, registers Maria's home cuff (its credential is on that answer only), enrols
 * her in the home blood-pressure programme and opens the remote-monitoring board. The cuff posts
 * 185/125 with its own credential; the board on the nurse's open page shows the flagged reading and
 * its alert without a reload; she acknowledges it from the board and sees it acknowledged.
 *
 * The ward: Dr. Haddad admits Aiko Tanaka (an inpatient encounter, so Aiko is on Cardiology's
 * observation round) and keeps the encounter open. The nurse enters a full set from the round with
 * the keyboard; it scores NEWS2 7, her page shows the score and the emergency response, and the
 * emergency alert reaches the doctor's open page live; the doctor opens it.
 *
 * Time: the server's injected clock is the system clock. Every wait is on a condition.
 */

const ON_PAGE = 'keptOpen';

/**
 * The journey's API calls go through each person's own browser session (its cookies, and the CSRF
 * token every page carries), as the pages' scripts make them. The server takes a one-time code once
 * per account and 30-second window, so a second sign-in through the API token route waited for the
 * next window: up to a minute of this journey in CI.
 */
async function call<T>(page: Page, method: 'GET' | 'POST', url: string, data?: unknown): Promise<T> {
  const csrf = method === 'GET' ? undefined : await page.locator('meta[name="csrf-token"]').getAttribute('content');
  const res = await page.request.fetch(url, { method, headers: csrf ? { 'x-csrf-token': csrf } : {}, data });
  expect(res.status(), `${method} ${url}: ${await res.text()}`).toBe(method === 'GET' ? 200 : 201);
  return (await res.json()) as T;
}

async function patientId(page: Page, name: string): Promise<string> {
  const found = await call<{ items: { id: string }[] }>(page, 'GET', `/api/v1/patients?query=${encodeURIComponent(name)}`);
  expect(found.items.length, name).toBeGreaterThan(0);
  return found.items[0]!.id;
}

async function signedIn(browser: Browser, email: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, email, DEMO_PASSWORD, DEMO_TOTP_SECRET);
  return page;
}

/** Loads `path` with its event stream connected (the server subscribes before it answers) and marks the page. */
async function keepOpen(page: Page, path: string): Promise<void> {
  const streamConnected = page.waitForResponse((r) => r.url().endsWith('/api/v1/events/stream') && r.status() === 200);
  await page.goto(path);
  await streamConnected;
  await page.evaluate((key) => {
    (window as unknown as Record<string, boolean>)[key] = true;
  }, ON_PAGE);
}

/** True while the page loaded by keepOpen was neither reloaded nor left. */
const stillOpen = (page: Page) => page.evaluate((key) => (window as unknown as Record<string, boolean | undefined>)[key] === true, ON_PAGE);

test('a home cuff reading of 185/125 reaches the nurse’s open board and is acknowledged there; a ward set scoring NEWS2 7 reaches the doctor’s open page', async ({
  browser,
  request,
}) => {
  test.setTimeout(300_000);

  // --- The doctor: measurable goals on Maria's active care plan; Aiko admitted to the ward. ---
  const doctor = await signedIn(browser, 'doctor@carewell.test');
  const maria = await patientId(doctor, 'Maria Santos');
  const plans = await call<{ items: { id: string; status: string }[] }>(doctor, 'GET', `/api/v1/patients/${maria}/care-plans`);
  const plan = plans.items.find((p) => p.status === 'active');
  expect(plan, "Maria's active care plan (demo)").toBeTruthy();
  for (const goal of [
    { description: 'Home systolic blood pressure below 130 mmHg', measureCode: '8480-6', targetValue: 130 },
    { description: 'Home diastolic blood pressure below 80 mmHg', measureCode: '8462-4', targetValue: 80 },
  ])
    await call(doctor, 'POST', `/api/v1/care-plans/${plan!.id}/goals`, goal);
  const aiko = await patientId(doctor, 'Aiko Tanaka');
  const admission = await call<{ id: string }>(doctor, 'POST', `/api/v1/patients/${aiko}/encounters`, { type: 'inpatient' });

  // --- The care-team nurse: Maria's cuff (the credential is shown once, on this answer) and the programme. ---
  const nurse = await signedIn(browser, 'nurse@carewell.test');
  const cuff = await call<{ device: { id: string }; credential: string }>(nurse, 'POST', `/api/v1/patients/${maria}/devices`, {
    kind: 'bp_cuff',
    label: 'Home cuff',
  });
  expect(cuff.credential).toMatch(/^cwk_/);
  await call(nurse, 'POST', `/api/v1/patients/${maria}/monitoring-enrolments`, { programme: 'home_bp' });

  // --- The nurse opens the remote-monitoring board from her navigation and keeps it open. ---
  await nurse.getByRole('link', { name: 'Remote monitoring', exact: true }).first().click();
  await expect(nurse.getByRole('heading', { level: 1 })).toHaveText('Remote monitoring');
  await keepOpen(nurse, '/staff/remote-monitoring');
  const mariaRow = nurse.locator('#remote-monitoring-board tr', { hasText: 'Maria Santos' });
  await expect(mariaRow).toContainText('Home blood pressure');
  await expectAccessible(nurse);

  // --- The cuff posts 185/125, with its own credential. ---
  // Measured now: readings from before the enrolment are a backfill, stored but never alerting.
  const takenAt = new Date().toISOString();
  const ingested = await request.post('/api/v1/devices/observations', {
    headers: { authorization: `Bearer ${cuff.credential}` },
    data: {
      readings: [
        { code: '8480-6', value: 185, unit: 'mm[Hg]', effectiveAt: takenAt },
        { code: '8462-4', value: 125, unit: 'mm[Hg]', effectiveAt: takenAt },
      ],
    },
  });
  expect(ingested.status(), await ingested.text()).toBe(200);
  expect(await ingested.json()).toMatchObject({ received: 2, stored: 2, rejected: [] });

  // --- The open board shows the reading, the streak and the alert, without a reload. ---
  const alertItem = mariaRow.locator('li', { hasText: 'Home reading above the care-plan target' });
  await expect(alertItem).toBeVisible({ timeout: 15_000 });
  await expect(alertItem).toContainText('185');
  await expect(alertItem).toContainText('125');
  await expect(mariaRow).toContainText('185');
  expect(await stillOpen(nurse), 'the board was updated in place').toBe(true);
  await expectAccessible(nurse);

  // She acknowledges it from the board; the board comes back with the acknowledgement and no open alert.
  await alertItem.getByRole('button', { name: 'Acknowledge' }).click();
  await expect(nurse).toHaveURL(/\/staff\/remote-monitoring\?done=acknowledged$/);
  await expect(nurse.locator('main')).toContainText('Acknowledged. Escalation has stopped.');
  await expect(mariaRow.locator('li', { hasText: 'Home reading above the care-plan target' })).toHaveCount(0);
  await expect(mariaRow).toContainText('185');
  await expectAccessible(nurse);
  await nurse.getByRole('link', { name: 'My clinical alerts', exact: true }).first().click();
  const acknowledged = nurse.locator('tr', { hasText: 'Home reading above the care-plan target' }).filter({ hasText: 'Maria Santos' });
  await expect(acknowledged).toContainText('Acknowledged');
  await expect(acknowledged.getByRole('button', { name: 'Acknowledge' })).toHaveCount(0);

  // --- The doctor keeps Aiko's admission open. ---
  const admissionPath = `/staff/encounters/${admission.id}`;
  await keepOpen(doctor, admissionPath);
  await expect(doctor.locator('main')).toContainText('Aiko Tanaka');

  // --- The nurse's round: Aiko is on it; a full set entered with the keyboard. ---
  await nurse.getByRole('link', { name: 'Observation round', exact: true }).first().click();
  await expect(nurse.getByRole('heading', { level: 1 })).toHaveText('Observation round');
  await expectAccessible(nurse);
  await nurse.locator('tr', { hasText: 'Aiko Tanaka' }).getByRole('link', { name: 'Enter observations' }).click();
  await expect(nurse.getByRole('heading', { level: 1 })).toContainText('Aiko Tanaka');
  await expectAccessible(nurse);

  // NEWS2 (RCP 2017, src/modules/vitals/news2.ts): respiration 25 → 3, SpO2 95 % (scale 1) → 1,
  // air → 0, systolic 100 → 2, pulse 95 → 1, alert → 0, temperature 37.0 → 0: total 7, emergency.
  const field = (name: string) => nurse.locator(`form.vitals-form [name="${name}"]`);
  await expect(field('respiratoryRate')).toBeFocused(); // the first field has the focus
  await nurse.keyboard.type('25');
  await nurse.keyboard.press('Tab');
  await nurse.keyboard.type('95');
  await nurse.keyboard.press('Tab');
  await expect(field('onOxygen')).toBeFocused();
  await nurse.keyboard.type('Air');
  await nurse.keyboard.press('Tab'); // oxygen flow: none, on air
  await nurse.keyboard.press('Tab');
  await nurse.keyboard.type('100');
  await nurse.keyboard.press('Tab');
  await nurse.keyboard.type('60');
  await nurse.keyboard.press('Tab');
  await nurse.keyboard.type('95');
  await nurse.keyboard.press('Tab');
  await nurse.keyboard.type('37.0');
  for (let i = 0; i < 5; i++) await nurse.keyboard.press('Tab'); // past glucose, weight, height and pain, left blank
  await expect(field('consciousness')).toBeFocused();
  await nurse.keyboard.type('Alert');
  for (const [name, value] of Object.entries({
    respiratoryRate: '25',
    spo2: '95',
    onOxygen: 'air',
    oxygenFlow: '',
    systolicBp: '100',
    diastolicBp: '60',
    pulse: '95',
    temperature: '37.0',
    consciousness: 'alert',
  }))
    await expect(field(name), name).toHaveValue(value);
  await nurse.keyboard.press('Tab');
  await expect(nurse.getByRole('button', { name: 'Save and go to the next patient' })).toBeFocused();
  await nurse.keyboard.press('Enter');

  // The emergency stops the round at Aiko: her vitals with the score and the response.
  await expect(nurse).toHaveURL(new RegExp(`/staff/patients/${aiko}/vitals\\?saved=1$`));
  const latest = nurse.locator('section[aria-labelledby="vitals-latest-h"]');
  await expect(latest).toContainText('NEWS2 7');
  await expect(latest.getByRole('alert')).toContainText('Emergency response by the team');
  await expectAccessible(nurse);

  // --- The doctor's open page gets the emergency alert live; she opens it. ---
  const banner = doctor.getByRole('alert').filter({ hasText: /Aiko Tanaka .*NEWS2 7 — emergency assessment/ });
  await expect(banner).toBeVisible({ timeout: 15_000 });
  await expect(banner).toContainText('NEWS2: emergency response');
  expect(new URL(doctor.url()).pathname).toBe(admissionPath);
  expect(await stillOpen(doctor), 'the banner arrived without a reload').toBe(true);
  await expectAccessible(doctor);
  // One click from the banner to the alert's own page.
  await banner.getByRole('link', { name: 'Open the alert' }).click();
  await expect(doctor).toHaveURL(/\/clinical-alerts\/[0-9a-f-]{36}$/);
  await expect(doctor.getByRole('heading', { level: 1 })).toHaveText('NEWS2: emergency response');
  await expect(doctor.locator('main')).toContainText('NEWS2 7 — emergency assessment');
  await expect(doctor.locator('main')).toContainText('Amira Haddad');
  await expectAccessible(doctor);
});
