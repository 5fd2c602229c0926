import { and, eq, like } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { api, useTestApp, type TestApp } from '../../../test/helpers/app.js';
import { createAccount, createPatientRecord } from '../../../test/helpers/actors.js';
import { PageSession } from '../../../test/helpers/browser.js';
import { authThrottles } from '../../platform/auth/auth.tables.js';
import { outbox } from '../../platform/outbox/outbox.tables.js';
import { auditEvents } from '../../platform/audit/audit.tables.js';
import { breakGlassGrants } from '../patients/index.js';
import { reauthThrottleKey, throttleKey } from './services/throttle.service.js';
import { uniqueEmail } from './identity-test-support.js';

const signIn = (t: TestApp, body: Record<string, unknown>, remoteAddress = '198.51.100.7') =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/token',
    remoteAddress,
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify(body),
  });
const notices = (t: TestApp, email: string) =>
  t.db
    .select()
    .from(outbox)
    .where(and(eq(outbox.recipient, email), eq(outbox.template, 'identity.signin_blocked')));

describe('lock-out cannot be turned against the owner', () => {
  const t = useTestApp();

  it('locks a stranger out with 429 while the owner signs in from a known device (API and page), and tells the owner once', async () => {
    const owner = await createAccount(t, { role: 'patient' });
    // The owner's usual app and browser: each signed in once before the attack.
    const first = await signIn(t, { email: owner.email, password: owner.password });
    expect(first.statusCode).toBe(201);
    const deviceToken = first.json().deviceToken as string;
    expect(deviceToken).toMatch(/^[\w-]{22}\.[\w-]{43}$/);
    const browser = new PageSession(t);
    expect((await browser.post('/login', { email: owner.email, password: owner.password })).statusCode).toBe(303);
    expect(browser.cookie('cw_device')).toBeDefined();

    // The stranger: five wrong guesses, then 429 with Retry-After, even with the right password.
    for (let i = 0; i < 5; i++)
      expect((await signIn(t, { email: owner.email, password: `guess ${i}` }, '203.0.113.66')).statusCode).toBe(401);
    for (const password of ['guess 5', owner.password]) {
      const locked = await signIn(t, { email: owner.email, password }, '203.0.113.66');
      expect(locked.statusCode).toBe(429);
      expect(locked.json().code).toBe('rate_limited');
      expect(locked.headers['retry-after']).toBe('30');
    }
    // A forged or other account's device token does not help the stranger.
    expect(
      (await signIn(t, { email: owner.email, password: 'guess 6', deviceToken: `${deviceToken.slice(0, -2)}AA` }, '203.0.113.66'))
        .statusCode,
    ).toBe(429);

    // The owner, from the known app and the known browser, is not locked out.
    const api2 = await signIn(t, { email: owner.email, password: owner.password, deviceToken });
    expect(api2.statusCode).toBe(201);
    expect(api2.json().deviceToken).toBe(deviceToken);
    const page = await browser.post('/login', { email: owner.email, password: owner.password });
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toBe('/portal');

    // The stranger's lock stays (a known device clears only its own counter) and keeps growing.
    const [row] = await t.db
      .select()
      .from(authThrottles)
      .where(eq(authThrottles.key, throttleKey(owner.email)));
    expect(row!.failures).toBe(5);
    t.clock.advance(31_000);
    expect((await signIn(t, { email: owner.email, password: 'guess 7' }, '203.0.113.66')).statusCode).toBe(401);
    expect((await signIn(t, { email: owner.email, password: 'guess 8' }, '203.0.113.66')).headers['retry-after']).toBe('60');

    // One notice for the episode, however many guesses; it carries no guess and no address of the stranger.
    const sent = await notices(t, owner.email);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.text).toContain('/password-reset');
    for (const secret of ['guess', '203.0.113.66']) expect(sent[0]!.text).not.toContain(secret);
  });

  it('gives a known device its own limit, answers unknown accounts the same, and sends them nothing', async () => {
    const owner = await createAccount(t, { role: 'patient' });
    const deviceToken = (await signIn(t, { email: owner.email, password: owner.password })).json().deviceToken as string;
    // A device token for one account is worthless for another.
    const other = await createAccount(t, { role: 'patient' });
    for (let i = 0; i < 5; i++) await signIn(t, { email: other.email, password: 'wrong', deviceToken });
    expect((await signIn(t, { email: other.email, password: other.password, deviceToken })).statusCode).toBe(429);
    // The device itself is throttled after five failures of its own.
    for (let i = 0; i < 5; i++) expect((await signIn(t, { email: owner.email, password: 'wrong', deviceToken })).statusCode).toBe(401);
    expect((await signIn(t, { email: owner.email, password: owner.password, deviceToken })).statusCode).toBe(429);
    // ...without touching the shared account key.
    expect(
      await t.db
        .select()
        .from(authThrottles)
        .where(eq(authThrottles.key, throttleKey(owner.email))),
    ).toHaveLength(0);

    const nobody = uniqueEmail('nobody');
    const third = await createAccount(t, { role: 'patient' });
    const answers = [];
    for (const email of [nobody, third.email]) {
      const res = await signIn(t, { email, password: 'wrong' });
      answers.push({ status: res.statusCode, body: { ...res.json(), instance: undefined }, retryAfter: res.headers['retry-after'] });
    }
    expect(answers[0]).toEqual(answers[1]);
    expect(await notices(t, nobody)).toHaveLength(0);
  });
});

describe('break-the-glass re-authentication', () => {
  const t = useTestApp();

  it('throttles wrong passwords like every re-check and counts them against the account', async () => {
    const doctor = await createAccount(t, { role: 'doctor' });
    const patient = await createPatientRecord(t);
    const url = `/api/v1/patients/${patient.id}/break-glass`;
    const attempt = (password: string) =>
      api(t, 'POST', url, { token: doctor.token, body: { reason: 'Unconscious in the emergency department', password } });
    for (let i = 0; i < 5; i++) expect((await attempt(`guess ${i}`)).statusCode).toBe(401);
    const locked = await attempt(doctor.password);
    expect(locked.statusCode).toBe(429);
    expect(locked.headers['retry-after']).toBe('30');
    expect(await t.db.select().from(breakGlassGrants).where(eq(breakGlassGrants.userId, doctor.userId))).toHaveLength(0);
    const keys = await t.db.select().from(authThrottles).where(like(authThrottles.key, '%'));
    expect(keys.find((k) => k.key === reauthThrottleKey(doctor.userId))!.failures).toBe(5);
    expect(keys.find((k) => k.key === throttleKey(doctor.email))!.failures).toBe(5);
    t.clock.advance(31_000);
    expect((await attempt(doctor.password)).statusCode).toBe(201);
  });

  it('answers a real and a random patient id alike to a wrong password', async () => {
    const nurse = await createAccount(t, { role: 'nurse' });
    const patient = await createPatientRecord(t);
    const body = { reason: 'Collapsed in the waiting room', password: 'not my password' };
    const real = await api(t, 'POST', `/api/v1/patients/${patient.id}/break-glass`, { token: nurse.token, body });
    const random = await api(t, 'POST', '/api/v1/patients/7d4f2c4e-5b8a-4c1d-9e2f-0a1b2c3d4e5f/break-glass', { token: nurse.token, body });
    expect(real.statusCode).toBe(401);
    expect(random.statusCode).toBe(real.statusCode);
    expect({ ...random.json(), instance: undefined }).toEqual({ ...real.json(), instance: undefined });
    const clerk = await createAccount(t, { role: 'receptionist' });
    const refusedReal = await api(t, 'POST', `/api/v1/patients/${patient.id}/break-glass`, { token: clerk.token, body });
    const refusedRandom = await api(t, 'POST', '/api/v1/patients/7d4f2c4e-5b8a-4c1d-9e2f-0a1b2c3d4e5f/break-glass', {
      token: clerk.token,
      body,
    });
    expect(refusedReal.statusCode).toBe(refusedRandom.statusCode);
    expect({ ...refusedReal.json(), instance: undefined }).toEqual({ ...refusedRandom.json(), instance: undefined });
    const denied = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.actorUserId, nurse.userId), eq(auditEvents.action, 'break_glass.grant')));
    expect(denied).toHaveLength(2);
  });
});
