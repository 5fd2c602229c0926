import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../../../../test/helpers/app.js';
import { PageSession } from '../../../../test/helpers/browser.js';
import { createAccount, type TestAccount } from '../../../../test/helpers/actors.js';
import { putOnCareTeam } from '../../../../test/helpers/patients.js';
import { staffMessages, staffThreads } from './staff-threads.tables.js';

/** Staff messaging pages (docs/messaging.md "Staff threads"): links, forms with CSRF, the live fragment, the bell. */
const t = useTestApp();
let patient: TestAccount;
let doctor: TestAccount;
let nurse: TestAccount;
let outsider: TestAccount;

beforeAll(async () => {
  patient = await createAccount(t, { role: 'patient' });
  doctor = await createAccount(t, { role: 'doctor', givenName: 'Ada', familyName: 'Okafor' });
  nurse = await createAccount(t, { role: 'nurse', givenName: 'Ben', familyName: 'Ruiz' });
  outsider = await createAccount(t, { role: 'nurse' });
  for (const member of [doctor, nurse]) await putOnCareTeam(t, patient.patientId!, member.staffId!);
});

describe('staff messaging pages', () => {
  it('links Messages from the navigation and Team messages from the chart; the first message makes the care-team thread', async () => {
    const page = new PageSession(t, doctor.cookie);
    expect((await page.get('/staff')).body).toContain('href="/staff/messages"');
    const base = `/staff/patients/${patient.patientId}`;
    expect((await page.get(`${base}/chart`)).body).toContain(`href="${base}/messages"`);
    const start = await page.get(`${base}/messages`);
    expect(start.statusCode).toBe(200);
    expect(start.body).toContain('No messages yet.');

    const bad = await page.post(`${base}/messages`, { body: '' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Write the message in 1 to 4000 characters.');

    t.clock.advance(60_000);
    const made = await page.post(`${base}/messages`, { body: 'Bed 12 needs a fluid review <b>now</b>' });
    expect(made.statusCode).toBe(303);
    const [thread] = await t.db.select().from(staffThreads).where(eq(staffThreads.patientId, patient.patientId!));
    expect(made.headers.location).toMatch(new RegExp(`^/staff/messages/${thread!.id}#m-`));
    // The chart's link now leads to the thread.
    expect((await page.get(`${base}/messages`)).headers.location).toBe(`/staff/messages/${thread!.id}`);

    const shown = await page.get(`/staff/messages/${thread!.id}`);
    expect(shown.statusCode).toBe(200);
    // The text is escaped, never markup.
    expect(shown.body).toContain('Bed 12 needs a fluid review &lt;b');
    expect(shown.body).not.toContain('<b>now');
    expect(shown.body).toContain('<script src="/assets/staff-thread.js" defer>');
    expect(shown.body).toContain('@Ben Ruiz');

    // The nurse sees it unread in the list and the bell; the background read clears it.
    const nursePage = new PageSession(t, nurse.cookie);
    const list = await nursePage.get('/staff/messages');
    expect(list.body).toContain('1 unread');
    expect((await nursePage.get('/notifications/unread-badge')).body).toContain('1 unread messages');
    await nursePage.get(`/staff/messages/${thread!.id}`);
    t.clock.advance(60_000);
    const read = await nursePage.post(`/staff/messages/${thread!.id}/read`, {}, {});
    expect(read.statusCode).toBe(303);
    expect((await nursePage.get('/notifications/unread-badge')).body).toContain('0 unread messages');
  });

  it('posts with a mention through the form, and the live fragment returns only the messages after the last one shown', async () => {
    const page = new PageSession(t, nurse.cookie);
    const [thread] = await t.db.select().from(staffThreads).where(eq(staffThreads.patientId, patient.patientId!));
    await page.get(`/staff/messages/${thread!.id}`);
    t.clock.advance(60_000);
    const posted = await page.post(`/staff/messages/${thread!.id}/messages`, { body: 'Done, fluids running', mentions: doctor.userId });
    expect(posted.statusCode).toBe(303);
    const rows = await t.db.select().from(staffMessages).where(eq(staffMessages.threadId, thread!.id));
    const first = rows.find((r) => r.body.startsWith('Bed 12'))!;
    const second = rows.find((r) => r.body === 'Done, fluids running')!;
    expect(second.mentions).toEqual([doctor.userId]);

    const live = await new PageSession(t, doctor.cookie).get(`/staff/messages/${thread!.id}/live?after=${first.id}`);
    expect(live.statusCode).toBe(200);
    expect(live.body).toContain(`data-message-id="${second.id}"`);
    expect(live.body).not.toContain(first.id);
    expect(live.body).toContain('Mentions: @Ada Okafor');
  });

  it('creates a direct thread from the new-conversation page, and searches by POST', async () => {
    const page = new PageSession(t, doctor.cookie);
    const form = await page.get('/staff/messages/new');
    expect(form.body).toContain('Ben Ruiz');
    const made = await page.post('/staff/messages', { kind: 'direct', memberStaffIds: nurse.staffId! });
    expect(made.statusCode).toBe(303);
    const threadPath = made.headers.location as string;
    await page.get(threadPath);
    expect((await page.post(`${threadPath}/messages`, { body: 'quokka-review at 3' })).statusCode).toBe(303);
    const badGroup = await page.post('/staff/messages', { kind: 'group', title: 'Night team' });
    expect(badGroup.statusCode).toBe(400);
    expect(badGroup.body).toContain('Choose at least one colleague');

    await page.get('/staff/messages/search');
    const found = await page.post('/staff/messages/search', { query: 'quokka' });
    expect(found.statusCode).toBe(200);
    expect(found.body).toContain('quokka-review at 3');
    const none = await new PageSession(t, outsider.cookie).post(
      '/staff/messages/search',
      { query: 'quokka' },
      { csrfFrom: '/staff/messages/search' },
    );
    expect(none.body).toContain('No message matches.');
  });

  it('answers 404 to a clinician outside the thread and 403 to a patient; serves the thread script', async () => {
    const [thread] = await t.db.select().from(staffThreads).where(eq(staffThreads.patientId, patient.patientId!));
    expect((await new PageSession(t, outsider.cookie).get(`/staff/messages/${thread!.id}`)).statusCode).toBe(404);
    expect((await new PageSession(t, outsider.cookie).get(`/staff/patients/${patient.patientId}/messages`)).statusCode).toBe(404);
    expect((await new PageSession(t, patient.cookie).get('/staff/messages')).statusCode).toBe(403);
    const script = await t.app.inject({ method: 'GET', url: '/assets/staff-thread.js' });
    expect(script.statusCode).toBe(200);
    expect(script.headers['content-type']).toContain('text/javascript');
  });
});
