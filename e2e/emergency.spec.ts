import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { expectAccessible } from './helpers/axe.js';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET, signIn } from './helpers/session.js';

/**
 * Issue 17's journey (docs/emergency.md) with Playwright's fake geolocation: the patient presses
 * SOS; the dispatcher's open board shows the call at once (live, no reload) and assigns the
 * suggested unit; the crew's phone accepts and sends its position, moving closer; the patient's
 * page shows the ambulance approaching with the ETA falling, then "arrived". The dispatcher closes
 * the call. The demo units (src/demo/demo-emergency.ts): AMB-1 (the demo paramedic's) at the Louvre,
 * nearest to the patient placed below.
 */
const PATIENT_AT = { latitude: 48.84, longitude: 2.37 };
const AMB1_AT = { latitude: 48.8606, longitude: 2.3376 };
const AMB1_CLOSER = { latitude: 48.8405, longitude: 2.3695 };

async function contextAt(browser: Browser, baseURL: string, at?: { latitude: number; longitude: number }): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL, ...(at ? { geolocation: at, permissions: ['geolocation'] } : {}) });
  return context;
}

const etaSeconds = async (page: Page) => Number(await page.locator('#sos-eta').getAttribute('data-eta-seconds'));

test('SOS to arrival: the board rings in live, the suggested unit is sent, the crew closes in, the ETA falls', async ({ browser }) => {
  test.setTimeout(120_000);
  const baseURL = test.info().project.use.baseURL!;
  const patientContext = await contextAt(browser, baseURL, PATIENT_AT);
  const dispatchContext = await contextAt(browser, baseURL);
  const crewContext = await contextAt(browser, baseURL, AMB1_AT);
  const patient = await patientContext.newPage();
  const dispatcher = await dispatchContext.newPage();
  const crew = await crewContext.newPage();

  // The dispatcher (reception carries the dispatcher flag in the demo) opens the board from the home.
  await signIn(dispatcher, 'reception@carewell.test', DEMO_PASSWORD, DEMO_TOTP_SECRET);
  await dispatcher.goto('/staff');
  await dispatcher.locator('main a[href="/staff/dispatch"]').first().click();
  await expect(dispatcher).toHaveURL(/\/staff\/dispatch$/);
  await expect(dispatcher.locator('#dispatch-sound')).toHaveText('Sound off — click to enable');
  await expect(dispatcher.locator('#dispatch-units [data-unit="AMB-1"]')).toBeVisible();
  await expect(dispatcher.locator('#dispatch-map .leaflet-interactive').first()).toBeAttached();
  await expectAccessible(dispatcher);

  // The patient: portal home → the emergency page → SOS → confirm.
  await signIn(patient, 'patient@carewell.test', DEMO_PASSWORD);
  await patient.goto('/portal');
  await patient.locator('main a[href="/portal/emergency"]').click();
  await expect(patient.locator('.sos-number-link')).toHaveText('112');
  await expectAccessible(patient);
  await patient.locator('#sos-press').click();
  await expect(patient.locator('#sos-location')).toHaveText('Your location is shared.');
  await patient.locator('#sos-note').fill('My father fell and cannot get up');
  await patient.locator('input[name="subject"][value="companion"]').check();
  await patient.locator('#sos-send').click();
  await expect(patient.locator('#sos-status')).toHaveAttribute('data-status', 'received');

  // The board shows it without a reload, with AMB-1 suggested; the dispatcher sends it (confirming).
  const call = dispatcher.locator('#dispatch-incidents [data-incident-id]');
  await expect(call).toHaveCount(1);
  await expect(call).toContainText('My father fell and cannot get up');
  const suggestion = call.locator('.dispatch-suggestion');
  await expect(suggestion).toHaveAttribute('data-suggested-unit', 'AMB-1');
  await suggestion.locator('[data-action="assign"]').click();
  await suggestion.locator('[data-confirm="assign"]').click();
  await expect(call).toHaveAttribute('data-status', 'ambulance_assigned');
  await expect(dispatcher.locator('#dispatch-units [data-unit="AMB-1"]')).toHaveAttribute('data-unit-status', 'assigned');

  // The patient's page: ambulance assigned, with its ETA.
  await expect(patient.locator('#sos-status')).toHaveAttribute('data-status', 'ambulance_assigned');
  await expect(patient.locator('#sos-unit')).toHaveText('Ambulance AMB-1');
  await expect(patient.locator('#sos-eta')).toHaveAttribute('data-eta-seconds', /\d+/);
  const firstEta = await etaSeconds(patient);
  expect(firstEta).toBeGreaterThan(120);

  // The crew: home → the crew page → accept; its phone moves next to the patient.
  await signIn(crew, 'paramedic@carewell.test', DEMO_PASSWORD, DEMO_TOTP_SECRET);
  await crew.goto('/staff');
  await crew.locator('main a[href="/crew"]').first().click();
  await expect(crew.locator('#crew-incident [data-incident-id]')).toBeVisible();
  await expect(crew.locator('#crew-incident')).toContainText('My father fell and cannot get up');
  await crew.locator('#crew-accept').click();
  await expect(crew.locator('#crew-incident [data-incident-id]')).toHaveAttribute('data-status', 'en_route');
  await expect(patient.locator('#sos-status')).toHaveAttribute('data-status', 'en_route');
  await crewContext.setGeolocation(AMB1_CLOSER);

  // The patient sees the ETA fall as the unit approaches (the crew's phone reports every 5 s).
  await expect.poll(() => etaSeconds(patient), { timeout: 20_000 }).toBeLessThan(60);
  expect(await etaSeconds(patient)).toBeLessThan(firstEta);
  await expect(patient.locator('#sos-eta')).toHaveText('Arriving now');

  // On scene: the patient's page says the ambulance arrived.
  await crew.locator('[data-crew-status="on_scene"]').click();
  await expect(patient.locator('#sos-status')).toHaveAttribute('data-status', 'arrived');
  await expect(patient.locator('#sos-steps [aria-current="step"]')).toHaveText('Arrived');

  // The dispatcher closes the call: the board empties, the patient sees it closed.
  await call.locator('[data-action="close"]').click();
  await call.locator('[data-confirm="close"]').click();
  await expect(dispatcher.locator('#dispatch-incidents [data-incident-id]')).toHaveCount(0);
  await expect(patient.locator('#sos-status')).toHaveAttribute('data-status', 'closed');
  await Promise.all([patientContext.close(), dispatchContext.close(), crewContext.close()]);
});

test('SOS without script: the form posts, the status page shows the call and follows it by reloading itself', async ({ browser }) => {
  test.setTimeout(90_000);
  const baseURL = test.info().project.use.baseURL!;
  const patientContext = await browser.newContext({ baseURL, javaScriptEnabled: false });
  const dispatchContext = await contextAt(browser, baseURL);
  const patient = await patientContext.newPage();
  await signIn(patient, 'patient@carewell.test', DEMO_PASSWORD);
  await patient.goto('/portal/emergency');
  await patient.locator('#sos-address').fill('3 rue de Rivoli, Paris');
  await patient.locator('#sos-note').fill('Chest pain since an hour');
  await patient.locator('#sos-press').click();
  await expect(patient).toHaveURL(/\/portal\/emergency\?call=[0-9a-f-]{36}$/);
  await expect(patient.locator('#sos-status')).toHaveAttribute('data-status', 'received');
  await expect(patient.locator('#sos-steps [aria-current="step"]')).toHaveText('Received');
  // (No axe here: it runs as script, and the page reloads itself every 10 s; the journey above checks the page.)

  // The dispatcher (with script) acknowledges; the page without script shows it after its next reload.
  const dispatcher = await dispatchContext.newPage();
  await signIn(dispatcher, 'reception@carewell.test', DEMO_PASSWORD, DEMO_TOTP_SECRET);
  await dispatcher.goto('/staff/dispatch');
  const call = dispatcher.locator('#dispatch-incidents [data-incident-id]');
  await expect(call).toContainText('Chest pain since an hour');
  await call.locator('[data-action="acknowledge"]').click();
  await expect(call).toHaveAttribute('data-status', 'acknowledged');
  await expect(patient.locator('#sos-steps [aria-current="step"]')).toHaveText('Acknowledged', { timeout: 25_000 });

  // Closed: the page names it, and the form is there again for a new call.
  await call.locator('[data-action="close"]').click();
  await call.locator('[data-confirm="close"]').click();
  await expect(patient.locator('#sos-status')).toHaveAttribute('data-status', 'closed', { timeout: 25_000 });
  await expect(patient.locator('#sos-press')).toBeVisible();
  await Promise.all([patientContext.close(), dispatchContext.close()]);
});
