import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { outbox } from '../../platform/outbox/outbox.tables.js';
import { queueMessage } from '../../platform/outbox/outbox.service.js';
import { api, useTestApp, type TestApp } from '../../../test/helpers/app.js';
import { createAccount, type TestAccount } from '../../../test/helpers/actors.js';
import { PageSession } from '../../../test/helpers/browser.js';

async function seedMessages(t: TestApp) {
  const base = t.clock.now().getTime();
  const link = `${t.config.publicUrl}/invitations/accept?token=abc123`;
  await queueMessage(
    t.db,
    { channel: 'email', to: 'one@test.carewell', template: 't.one', subject: 'First', text: `Open ${link}.` },
    new Date(base - 3000),
  );
  await queueMessage(
    t.db,
    { channel: 'sms', to: '+15550001', template: 't.two', subject: 'Second', text: 'Plain text https://elsewhere.example/x' },
    new Date(base - 2000),
  );
  await queueMessage(
    t.db,
    { channel: 'email', to: 'three@test.carewell', template: 't.three', subject: 'Third', text: 'Third text' },
    new Date(base - 1000),
  );
  await t.db.update(outbox).set({ status: 'dead', attempts: 5 }).where(eq(outbox.subject, 'Second'));
  return link;
}

describe('admin: outbox in demo mode', () => {
  const t = useTestApp();
  let admin: TestAccount;
  let link: string;

  beforeAll(async () => {
    admin = await createAccount(t, { role: 'admin' });
    link = await seedMessages(t);
  });

  it('lists newest first with the text, filters and paginates', async () => {
    const res = await api(t, 'GET', '/api/v1/admin/outbox', { token: admin.token });
    expect(res.statusCode).toBe(200);
    const items = res.json().items as { subject: string; text: string | null }[];
    expect(items.map((i) => i.subject)).toEqual(['Third', 'Second', 'First']);
    expect(items[2]!.text).toContain(link);
    expect(
      (await api(t, 'GET', '/api/v1/admin/outbox?channel=sms', { token: admin.token }))
        .json()
        .items.map((i: { subject: string }) => i.subject),
    ).toEqual(['Second']);
    expect((await api(t, 'GET', '/api/v1/admin/outbox?status=dead', { token: admin.token })).json().items).toHaveLength(1);
    const first = (await api(t, 'GET', '/api/v1/admin/outbox?limit=2', { token: admin.token })).json();
    const second = (await api(t, 'GET', `/api/v1/admin/outbox?limit=2&cursor=${first.nextCursor}`, { token: admin.token })).json();
    expect([...first.items, ...second.items].map((i: { subject: string }) => i.subject)).toEqual(['Third', 'Second', 'First']);
    expect(second.nextCursor).toBeNull();
  });

  it('retries only failed or dead messages', async () => {
    const [dead] = await t.db.select().from(outbox).where(eq(outbox.subject, 'Second'));
    const res = await api(t, 'POST', `/api/v1/admin/outbox/${dead!.id}/retry`, { token: admin.token });
    expect(res.statusCode).toBe(200);
    expect(res.json().status).toBe('pending');
    expect((await t.db.select().from(outbox).where(eq(outbox.id, dead!.id)))[0]).toMatchObject({ status: 'pending', attempts: 0 });
    const again = await api(t, 'POST', `/api/v1/admin/outbox/${dead!.id}/retry`, { token: admin.token });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('conflict');
  });

  it('renders the outbox and a message whose own links are clickable', async () => {
    const page = new PageSession(t, admin.cookie);
    const list = await page.get('/admin/outbox');
    expect(list.statusCode).toBe(200);
    const [first] = await t.db.select().from(outbox).where(eq(outbox.subject, 'First'));
    expect(list.body).toContain(`href="/admin/outbox/${first!.id}"`);
    const message = await page.get(`/admin/outbox/${first!.id}`);
    expect(message.statusCode).toBe(200);
    expect(message.body).toContain(`<a href="${link}">${link}</a>`);
    const [other] = await t.db.select().from(outbox).where(eq(outbox.subject, 'Second'));
    const plain = await page.get(`/admin/outbox/${other!.id}`);
    expect(plain.body).toContain('https://elsewhere.example/x');
    expect(plain.body).not.toContain('href="https://elsewhere.example/x"');
  });

  it('never shows an HL7 order, even in demo mode: it names a patient and is held encrypted', async () => {
    await queueMessage(
      t.db,
      { channel: 'hl7', to: 'LIS^CITYLAB', template: 'hl7.orm_o01', subject: 'ORM^O01 new order', text: 'v1:sealed-order' },
      t.clock.now(),
    );
    const res = await api(t, 'GET', '/api/v1/admin/outbox?channel=hl7', { token: admin.token });
    expect(res.json().items).toEqual([expect.objectContaining({ channel: 'hl7', text: null })]);
    const [order] = await t.db.select().from(outbox).where(eq(outbox.channel, 'hl7'));
    const page = await new PageSession(t, admin.cookie).get(`/admin/outbox/${order!.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('HL7 order to a laboratory');
    expect(page.body).not.toContain('sealed-order');
    await t.db.delete(outbox).where(eq(outbox.channel, 'hl7'));
  });
});

describe('admin: outbox outside demo mode', () => {
  const t = useTestApp({ env: { DEMO_SEED: 'false' } });
  let admin: TestAccount;

  beforeAll(async () => {
    admin = await createAccount(t, { role: 'admin' });
    await seedMessages(t);
  });

  it('never sends the message text', async () => {
    expect(t.config.demoMode).toBe(false);
    const res = await api(t, 'GET', '/api/v1/admin/outbox', { token: admin.token });
    expect(res.statusCode).toBe(200);
    const items = res.json().items as { text: string | null; subject: string }[];
    expect(items).toHaveLength(3);
    expect(items.every((i) => i.text === null)).toBe(true);
    expect(res.body).not.toContain('abc123');
    const page = await new PageSession(t, admin.cookie).get('/admin/outbox');
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('abc123');
    const [first] = await t.db.select().from(outbox).where(eq(outbox.subject, 'First'));
    const message = await new PageSession(t, admin.cookie).get(`/admin/outbox/${first!.id}`);
    expect(message.body).not.toContain('abc123');
  });
});
