import { createPublicKey, verify } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import webpush from 'web-push';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, useTestApp } from '../../../../test/helpers/app.js';
import { createAccount, type TestAccount } from '../../../../test/helpers/actors.js';
import { createLogger } from '../../logger.js';
import { createOutboxDelivery } from '../delivery/outbox-delivery.js';
import { pushTopic, pushTransport, type PushSender } from '../delivery/push-transport.js';
import { queueMessage } from '../outbox.service.js';
import { outbox } from '../outbox.tables.js';
import { pushSubscriptions } from '../push.tables.js';
import { resolveVapidKeys } from './vapid-keys.js';

const vapid = webpush.generateVAPIDKeys();
const keys = {
  p256dh: 'BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM',
  auth: 'tBHItJI5svbpez7KI4CCXg',
};
const endpoint = (name: string) => `https://fcm.googleapis.com/fcm/send/${name}`;

describe('Web Push', () => {
  const t = useTestApp({
    env: { VAPID_PUBLIC_KEY: vapid.publicKey, VAPID_PRIVATE_KEY: vapid.privateKey, VAPID_SUBJECT: 'mailto:it@hospital.test' },
  });
  let patient: TestAccount;
  let nurse: TestAccount;
  beforeAll(async () => {
    patient = await createAccount(t, { role: 'patient' });
    nurse = await createAccount(t, { role: 'nurse' });
  });
  const subscriptionsOf = (userId: string) => t.db.select().from(pushSubscriptions).where(eq(pushSubscriptions.userId, userId));

  it('gives a signed-in person the VAPID public key, and nobody else', async () => {
    const res = await api(t, 'GET', '/api/v1/push/public-key', { token: patient.token });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ publicKey: vapid.publicKey });
    expect((await api(t, 'GET', '/api/v1/push/public-key')).statusCode).toBe(401);
  });

  it('saves a subscription, refuses unknown fields and endpoints outside the push services', async () => {
    const ok = await api(t, 'POST', '/api/v1/push/subscriptions', {
      token: patient.token,
      body: { endpoint: endpoint('patient-phone'), keys },
    });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toEqual({ status: 'subscribed' });
    expect(await subscriptionsOf(patient.userId)).toMatchObject([
      { endpoint: endpoint('patient-phone'), p256dh: keys.p256dh, auth: keys.auth },
    ]);

    const extra = await api(t, 'POST', '/api/v1/push/subscriptions', {
      token: patient.token,
      body: { endpoint: endpoint('x'), keys, expirationTime: null },
    });
    expect(extra.statusCode).toBe(400);
    expect(extra.json().code).toBe('validation_failed');
    const badEndpoints = [
      'https://169.254.169.254/latest/meta-data',
      'http://fcm.googleapis.com/fcm/send/x',
      'https://evil.example/push',
      // An allowed host on another port, or with user-info, is another service.
      'https://fcm.googleapis.com:8443/fcm/send/x',
      'https://fcm.googleapis.com:80/fcm/send/x',
      'https://user:pass@fcm.googleapis.com/fcm/send/x',
    ];
    for (const bad of badEndpoints) {
      const res = await api(t, 'POST', '/api/v1/push/subscriptions', { token: patient.token, body: { endpoint: bad, keys } });
      expect(res.statusCode, bad).toBe(400);
      expect(res.json().code).toBe('validation_failed');
      expect(res.json().errors[0].path).toBe('endpoint');
    }
    expect(await subscriptionsOf(patient.userId)).toHaveLength(1);
    // The default port spelled out is the same endpoint.
    const explicit = await api(t, 'POST', '/api/v1/push/subscriptions', {
      token: patient.token,
      body: { endpoint: 'https://fcm.googleapis.com:443/fcm/send/explicit-port', keys },
    });
    expect(explicit.statusCode).toBe(201);
  });

  it("deletes only the caller's own subscription", async () => {
    await api(t, 'POST', '/api/v1/push/subscriptions', { token: nurse.token, body: { endpoint: endpoint('nurse-laptop'), keys } });
    const notMine = await api(t, 'DELETE', '/api/v1/push/subscriptions', {
      token: patient.token,
      body: { endpoint: endpoint('nurse-laptop') },
    });
    expect(notMine.statusCode).toBe(204);
    expect(await subscriptionsOf(nurse.userId)).toHaveLength(1);
    const mine = await api(t, 'DELETE', '/api/v1/push/subscriptions', { token: nurse.token, body: { endpoint: endpoint('nurse-laptop') } });
    expect(mine.statusCode).toBe(204);
    expect(await subscriptionsOf(nurse.userId)).toHaveLength(0);
    const noBody = await api(t, 'DELETE', '/api/v1/push/subscriptions', { token: nurse.token });
    expect(noBody.statusCode).toBe(400);
    expect(noBody.json().code).toBe('validation_failed');
  });

  it('pushes to every device with the message topic, and deletes subscriptions the push service says are gone (404/410)', async () => {
    const owner = await createAccount(t, { role: 'patient' });
    for (const name of ['ok', 'gone-410', 'gone-404']) {
      await api(t, 'POST', '/api/v1/push/subscriptions', { token: owner.token, body: { endpoint: endpoint(`owner-${name}`), keys } });
    }
    const sent: { endpoint: string; payload: unknown; options: Record<string, unknown> }[] = [];
    const sender = (async (subscription, payload, options) => {
      sent.push({ endpoint: subscription.endpoint, payload: JSON.parse(String(payload)), options: options as Record<string, unknown> });
      const status = subscription.endpoint.endsWith('gone-410') ? 410 : subscription.endpoint.endsWith('gone-404') ? 404 : 201;
      if (status !== 201) throw Object.assign(new Error('push service refused'), { statusCode: status });
      return { statusCode: 201, body: '', headers: {} };
    }) as PushSender;
    const delivery = createOutboxDelivery({
      db: t.db,
      transports: { push: pushTransport({ db: t.db, vapidKeys: () => vapid, subject: 'mailto:it@hospital.test', sender }) },
      clock: t.clock.now,
      logger: createLogger('silent'),
    });
    await queueMessage(
      t.db,
      {
        channel: 'push',
        to: owner.userId,
        recipientUserId: owner.userId,
        template: 'test.push',
        subject: 'New message',
        text: 'Sign in to read it.',
        messageId: 'push-1',
        metadata: { link: '/notifications' },
      },
      t.clock.now(),
    );
    expect(await delivery.deliverDue()).toMatchObject({ sent: 1 });

    expect(sent.map((s) => s.endpoint).sort()).toEqual([endpoint('owner-gone-404'), endpoint('owner-gone-410'), endpoint('owner-ok')]);
    expect(sent[0]!.payload).toEqual({
      title: 'New message',
      body: 'Sign in to read it.',
      url: '/notifications',
      tag: pushTopic('push-1'),
    });
    expect(sent[0]!.options).toMatchObject({
      topic: pushTopic('push-1'),
      timeout: 10_000,
      vapidDetails: { subject: 'mailto:it@hospital.test', publicKey: vapid.publicKey, privateKey: vapid.privateKey },
    });
    expect(pushTopic('push-1')).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect((await subscriptionsOf(owner.userId)).map((s) => s.endpoint)).toEqual([endpoint('owner-ok')]);
    expect((await t.db.select().from(outbox).where(eq(outbox.messageId, 'push-1')))[0]).toMatchObject({
      status: 'sent',
      providerId: 'push:1/3',
    });

    // A person with no device left: nothing can deliver it, so it is dead at once, not retried for hours.
    await t.db.delete(pushSubscriptions).where(eq(pushSubscriptions.userId, owner.userId));
    await queueMessage(
      t.db,
      {
        channel: 'push',
        to: owner.userId,
        recipientUserId: owner.userId,
        template: 'test.push',
        subject: 'S',
        text: 'T',
        messageId: 'push-2',
      },
      t.clock.now(),
    );
    expect(await delivery.deliverDue()).toMatchObject({ dead: 1 });
    expect((await t.db.select().from(outbox).where(eq(outbox.messageId, 'push-2')))[0]).toMatchObject({
      status: 'dead',
      lastError: 'TransportError:no_push_subscription',
    });
  });

  it('serves the service worker and the opt-in script as scripts', async () => {
    for (const url of ['/sw.js', '/assets/push.js']) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toContain('text/javascript');
    }
    expect((await t.app.inject({ method: 'GET', url: '/sw.js' })).body).toContain("addEventListener('notificationclick'");
  });
});

describe('VAPID keys', () => {
  it('are generated once into the data directory with mode 0600 and reused', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'carewell-vapid-'));
    try {
      const first = resolveVapidKeys(undefined, dir);
      expect(first.publicKey).toMatch(/^[A-Za-z0-9_-]{87}$/);
      expect(statSync(path.join(dir, 'vapid-keys.json')).mode & 0o777).toBe(0o600);
      expect(resolveVapidKeys(undefined, dir)).toEqual(first);
      expect(JSON.parse(readFileSync(path.join(dir, 'vapid-keys.json'), 'utf8'))).toEqual(first);
      expect(resolveVapidKeys(vapid, dir)).toEqual(vapid);
      // Made with node:crypto, usable by web-push: its signed VAPID token verifies with the public key.
      const headers = webpush.getVapidHeaders(
        'https://push.example.test',
        'mailto:it@hospital.test',
        first.publicKey,
        first.privateKey,
        'aes128gcm',
      );
      const jwt = /t=([^,]+)/.exec(headers.Authorization)![1]!;
      const [head, body, signature] = jwt.split('.');
      const point = Buffer.from(first.publicKey, 'base64url');
      const key = createPublicKey({
        key: { kty: 'EC', crv: 'P-256', x: point.subarray(1, 33).toString('base64url'), y: point.subarray(33).toString('base64url') },
        format: 'jwk',
      });
      const signed = verify(
        'sha256',
        Buffer.from(`${head}.${body}`),
        { key, dsaEncoding: 'ieee-p1363' },
        Buffer.from(signature!, 'base64url'),
      );
      expect(signed).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
