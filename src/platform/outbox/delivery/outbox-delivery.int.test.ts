import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { api, useTestApp } from '../../../../test/helpers/app.js';
import { createAccount } from '../../../../test/helpers/actors.js';
import { createLogger } from '../../logger.js';
import { queueMessage } from '../outbox.service.js';
import { outbox } from '../outbox.tables.js';
import { FakeTransport } from './fake-transport.js';
import { createOutboxDelivery } from './outbox-delivery.js';

const logger = createLogger('silent');

describe('outbox delivery', () => {
  const t = useTestApp();
  let counter = 0;

  async function queue(channel: 'email' | 'sms' | 'push' = 'email') {
    counter += 1;
    const messageId = `delivery-test-${counter}`;
    await queueMessage(
      t.db,
      {
        channel,
        to: channel === 'sms' ? '+15550100' : 'someone@test.carewell',
        template: 'test.delivery',
        subject: 'News waiting',
        text: 'Sign in to read it.',
        messageId,
      },
      t.clock.now(),
    );
    return messageId;
  }
  async function row(messageId: string) {
    const [found] = await t.db.select().from(outbox).where(eq(outbox.messageId, messageId));
    return found!;
  }

  it('retries a provider that fails three times with growing backoff and delivers exactly once on the fourth try', async () => {
    const provider = new FakeTransport('email').failNext(3);
    const delivery = createOutboxDelivery({ db: t.db, transports: { email: provider }, clock: t.clock.now, logger });
    const id = await queue();
    const start = t.clock.now().getTime();

    const expected = [
      { wait: 0, next: 30_000 },
      { wait: 30_000, next: 60_000 },
      { wait: 60_000, next: 120_000 },
    ];
    for (const [i, step] of expected.entries()) {
      t.clock.advance(step.wait);
      expect((await delivery.deliverDue()).retrying).toBe(1);
      const failed = await row(id);
      expect(failed).toMatchObject({
        status: 'pending',
        attempts: i + 1,
        lastError: 'TransportError:http_503',
        lockedUntil: null,
        sentAt: null,
      });
      expect(failed.nextAttemptAt!.getTime() - t.clock.now().getTime()).toBe(step.next);
      // Not due yet: nothing is claimed, nothing is sent.
      t.clock.advance(step.next - 1);
      expect((await delivery.deliverDue()).claimed).toBe(0);
      t.clock.advance(-(step.next - 1));
    }
    t.clock.advance(120_000);
    expect(await delivery.deliverDue()).toMatchObject({ claimed: 1, sent: 1 });
    expect(await row(id)).toMatchObject({ status: 'sent', attempts: 4, lastError: null, nextAttemptAt: null, providerId: 'fake-0' });
    expect((await row(id)).sentAt!.getTime()).toBe(start + 210_000);
    expect(provider.callsFor(id)).toBe(4);
    expect(provider.acted).toEqual([id]);
    expect((await delivery.deliverDue()).claimed).toBe(0);
  });

  it('redelivers a message whose worker died mid-send with the same message id; the receiver acts once', async () => {
    const provider = new FakeTransport('email');
    const killed = createOutboxDelivery({ db: t.db, transports: { email: provider }, clock: t.clock.now, logger, leaseMs: 60_000 });
    const survivor = createOutboxDelivery({ db: t.db, transports: { email: provider }, clock: t.clock.now, logger, leaseMs: 60_000 });
    const id = await queue();

    // The first worker claims and its send reaches the provider, then the process dies.
    const [claimed] = await killed.claim();
    expect(claimed!.messageId).toBe(id);
    await provider.send({ ...claimed!, to: claimed!.recipient });
    expect(await row(id)).toMatchObject({ status: 'sending', attempts: 1 });

    // While the lease holds nobody else takes it.
    t.clock.advance(59_000);
    expect((await survivor.deliverDue()).claimed).toBe(0);
    t.clock.advance(1_000);
    expect(await survivor.deliverDue()).toMatchObject({ claimed: 1, sent: 1 });
    expect(await row(id)).toMatchObject({ status: 'sent', attempts: 2 });
    expect(provider.calls.filter((c) => c.messageId === id).map((c) => c.messageId)).toEqual([id, id]);
    expect(provider.acted.filter((m) => m === id)).toHaveLength(1);

    // A worker that was only slow, not dead, cannot overwrite the newer claim's outcome.
    expect(await killed.deliver(claimed!)).toBe('lost_claim');
    expect(await row(id)).toMatchObject({ status: 'sent', attempts: 2 });
  });

  describe('dead letter', () => {
    it('goes dead after the maximum attempts; the admin retry puts it back to pending and it is then delivered', async () => {
      const provider = new FakeTransport('sms').failNext(100);
      const delivery = createOutboxDelivery({ db: t.db, transports: { sms: provider }, clock: t.clock.now, logger, maxAttempts: 3 });
      const id = await queue('sms');
      for (let attempt = 1; attempt <= 3; attempt += 1) {
        await delivery.deliverDue();
        t.clock.advance(60 * 60_000);
      }
      expect(await row(id)).toMatchObject({ status: 'dead', attempts: 3, nextAttemptAt: null, lastError: 'TransportError:http_503' });
      expect((await delivery.deliverDue()).claimed).toBe(0);
      expect(provider.callsFor(id)).toBe(3);

      // Signed in now: the hours the test skipped would have ended an earlier session.
      const admin = await createAccount(t, { role: 'admin' });
      const res = await api(t, 'POST', `/api/v1/admin/outbox/${(await row(id)).id}/retry`, { token: admin.token });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ status: 'pending', attempts: 0 });
      expect(await row(id)).toMatchObject({ status: 'pending', attempts: 0, nextAttemptAt: null });

      provider.failuresLeft = 0;
      expect(await delivery.deliverDue()).toMatchObject({ sent: 1 });
      expect(await row(id)).toMatchObject({ status: 'sent', attempts: 1 });
      expect(provider.acted).toEqual([id]);
    });

    it('goes dead at once on a permanent provider refusal', async () => {
      const provider = new FakeTransport('email');
      provider.failPermanently = true;
      const delivery = createOutboxDelivery({ db: t.db, transports: { email: provider }, clock: t.clock.now, logger });
      const id = await queue();
      expect(await delivery.deliverDue()).toMatchObject({ dead: 1 });
      expect(await row(id)).toMatchObject({ status: 'dead', attempts: 1, lastError: 'TransportError:rejected' });
    });
  });

  it('captures messages of a channel with no transport configured, and sends the others', async () => {
    const email = new FakeTransport('email');
    const delivery = createOutboxDelivery({ db: t.db, transports: { email }, clock: t.clock.now, logger });
    const sms = await queue('sms');
    const mail = await queue('email');
    expect(await delivery.deliverDue()).toMatchObject({ claimed: 2, captured: 1, sent: 1 });
    expect(await row(sms)).toMatchObject({ status: 'captured', attempts: 1, sentAt: null, lockedUntil: null });
    expect(await row(mail)).toMatchObject({ status: 'sent' });
    expect(email.calls.map((c) => c.messageId)).toEqual([mail]);
  });
});
