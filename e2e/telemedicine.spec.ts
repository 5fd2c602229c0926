import { chromium, expect, test, type Browser, type Page } from '@playwright/test';
import { expectAccessible } from './helpers/axe.js';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET, signIn } from './helpers/session.js';

/**
 * Issue 15's video visit (docs/telemedicine.md): the demo's telemedicine appointment (Youssef
 * Karim with the GP, five minutes after the demo was seeded) in two Chromium instances with fake
 * camera and microphone. The patient joins and waits, the GP admits them, media flows both ways
 * peer to peer (checked with RTCPeerConnection.getStats), they chat, and the GP ends the call and
 * lands on the encounter to write the note.
 */
const MEDIA_FLAGS = ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', '--allow-loopback-in-peer-connection'];

async function launch(): Promise<Browser> {
  const base = test.info().project.use.launchOptions?.args ?? [];
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [...base, ...MEDIA_FLAGS],
  });
}

/** Bytes received on the call's connection for one kind of media (inbound-rtp), 0 before there is one. */
async function bytesReceived(page: Page, kind: 'audio' | 'video'): Promise<number> {
  return page.evaluate(async (wanted) => {
    const call = (window as unknown as { __carewellCall?: { pc: RTCPeerConnection | null } }).__carewellCall;
    if (!call?.pc) return 0;
    let bytes = 0;
    (await call.pc.getStats()).forEach((report: { type: string; kind?: string; bytesReceived?: number }) => {
      if (report.type === 'inbound-rtp' && report.kind === wanted) bytes += report.bytesReceived ?? 0;
    });
    return bytes;
  }, kind);
}

test('a patient and the GP hold a video visit: waiting room, admission, media both ways, chat, end to the note', async () => {
  test.setTimeout(240_000);
  const baseURL = test.info().project.use.baseURL!;
  const browsers = [await launch(), await launch()];
  try {
    const doctor = await (await browsers[0]!.newContext({ baseURL })).newPage();
    const patient = await (await browsers[1]!.newContext({ baseURL })).newPage();
    await signIn(doctor, 'gp@carewell.test', DEMO_PASSWORD, DEMO_TOTP_SECRET);
    await signIn(patient, 'patient2@carewell.test', DEMO_PASSWORD);

    // The patient (whose pages are in Arabic, his language): My appointments → Join video visit → the waiting room.
    await patient.goto('/portal/appointments');
    const patientJoin = patient.locator('main a[href^="/portal/appointments/"][href$="/video"]').first();
    await expect(patientJoin).toBeVisible({ timeout: 20_000 });
    await patientJoin.click();
    await expect(patient).toHaveURL(/\/portal\/appointments\/[0-9a-f-]+\/video$/);
    await expect(patient.locator('#waiting-room')).toBeVisible({ timeout: 15_000 });
    await expectAccessible(patient);

    // The GP: today's calendar → the device check (camera and microphone work) → back to the visit.
    await doctor.goto('/staff/calendar');
    await expect(doctor.getByRole('link', { name: 'Join video visit' })).toBeVisible({ timeout: 20_000 });
    await doctor.getByRole('link', { name: 'Test your camera and microphone' }).first().click();
    await expect(doctor).toHaveURL(/\/staff\/appointments\/[0-9a-f-]+\/video\/check$/);
    await doctor.getByRole('button', { name: 'Start the check' }).click();
    await expect(doctor.locator('#camera-result')).toHaveText('Working');
    await expect(doctor.locator('#microphone-result')).toHaveText('Working');
    await expectAccessible(doctor);
    await doctor.getByRole('link', { name: 'Back to the video visit' }).click();
    // The video visit: "The patient is waiting" → Admit.
    await expect(doctor).toHaveURL(/\/staff\/appointments\/[0-9a-f-]+\/video$/);
    await expect(doctor.locator('#patient-presence')).toHaveText('The patient is waiting', { timeout: 15_000 });
    await doctor.locator('#admit-button').click();
    await expect(patient.locator('#waiting-room')).toBeHidden({ timeout: 15_000 });

    // Media flows peer to peer, both ways.
    for (const page of [doctor, patient]) {
      for (const kind of ['video', 'audio'] as const) {
        await expect.poll(() => bytesReceived(page, kind), { timeout: 45_000, intervals: [500, 1000] }).toBeGreaterThan(0);
      }
    }
    await expect(doctor.locator('#call-status')).toHaveText('Connected');

    // Chat, kept with the visit.
    await patient.locator('#chat-input').fill('Hello doctor, can you see me?');
    await patient.locator('#chat-form button[type=submit]').click();
    await expect(doctor.locator('#chat-log')).toContainText('Hello doctor, can you see me?');
    await doctor.locator('#chat-input').fill('Yes, clearly. Your results look good.');
    await doctor.locator('#chat-form button[type=submit]').click();
    await expect(patient.locator('#chat-log')).toContainText('Your results look good.');

    // The GP ends the call: the visit is completed and the encounter opens for the note.
    doctor.once('dialog', (dialog) => void dialog.accept());
    await doctor.locator('#end-button').click();
    await expect(doctor).toHaveURL(/\/staff\/encounters\/[0-9a-f-]+$/);
    await expect(doctor.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(doctor.locator('textarea[name="subjective"]')).toBeVisible();
    await expect(patient.locator('#call-status')).toHaveText('أنهى طبيبك الزيارة. يمكنك إغلاق هذه الصفحة.', { timeout: 15_000 });
    await expect(patient.locator('#call-controls')).toBeHidden();
  } finally {
    for (const browser of browsers) await browser.close();
  }
});
