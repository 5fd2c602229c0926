import { desc, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeAudit } from '../../platform/audit/audit.service.js';
import { auditEvents } from '../../platform/audit/audit.tables.js';
import { api, useTestApp } from '../../../test/helpers/app.js';
import { createAccount, createPatientRecord, type TestAccount } from '../../../test/helpers/actors.js';
import { PageSession } from '../../../test/helpers/browser.js';

describe('admin: audit trail', () => {
  const t = useTestApp();
  let admin: TestAccount;
  let nurse: TestAccount;
  let patientId: string;

  beforeAll(async () => {
    admin = await createAccount(t, { role: 'admin' });
    nurse = await createAccount(t, { role: 'nurse', givenName: 'Nadia', familyName: 'Okafor' });
    patientId = (await createPatientRecord(t, { givenName: 'Zelda', familyName: 'Quist' })).id;
    const at = (iso: string) => new Date(iso);
    const actor = { userId: nurse.userId, role: 'nurse' };
    await writeAudit(
      t.db,
      actor,
      null,
      { action: 'patient.read', resourceType: 'patient', resourceId: patientId, patientId },
      at('2026-11-20T10:00:00Z'),
    );
    await writeAudit(t.db, actor, null, { action: 'allergy.create', resourceType: 'allergy', patientId }, at('2026-11-21T10:00:00Z'));
    await writeAudit(
      t.db,
      actor,
      null,
      { action: 'patient.read', resourceType: 'patient', patientId, outcome: 'denied' },
      at('2026-11-22T10:00:00Z'),
    );
    await writeAudit(
      t.db,
      { userId: admin.userId, role: 'admin' },
      null,
      { action: 'auth.login', resourceType: 'session' },
      at('2026-11-23T10:00:00Z'),
    );
  });

  const search = (query: string) => api(t, 'GET', `/api/v1/admin/audit?${query}`, { token: admin.token });
  const actions = (res: Awaited<ReturnType<typeof search>>) => (res.json().items as { action: string }[]).map((i) => i.action);

  it('filters by actor, patient, action, outcome and date, newest first', async () => {
    expect(actions(await search(`actor=${nurse.userId}`))).toEqual(['patient.read', 'allergy.create', 'patient.read']);
    expect(actions(await search(`patient=${patientId}&outcome=denied`))).toEqual(['patient.read']);
    expect(actions(await search(`patient=${patientId}&action=allergy.create`))).toEqual(['allergy.create']);
    expect(actions(await search(`actor=${admin.userId}&action=auth.*`))).toEqual(['auth.login']);
    expect(actions(await search(`patient=${patientId}&from=2026-11-21&to=2026-11-21`))).toEqual(['allergy.create']);
    expect(actions(await search(`patient=${patientId}&from=2026-11-21T00:00:00Z&to=2026-11-22T10:00:00Z`))).toEqual(['allergy.create']);
    const res = await search(`patient=${patientId}&limit=1`);
    expect(res.json().items[0]).toMatchObject({
      patientId,
      actorUserId: nurse.userId,
      actorRole: 'nurse',
      outcome: 'denied',
      occurredAt: '2026-11-22T10:00:00.000Z',
    });
    const bad = await search('outcome=maybe&actor=nope');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('validation_failed');
  });

  it('paginates by id with a cursor', async () => {
    const first = (await search(`actor=${nurse.userId}&limit=2`)).json();
    expect(first.items).toHaveLength(2);
    const second = (await search(`actor=${nurse.userId}&limit=2&cursor=${first.nextCursor}`)).json();
    expect(second.items).toHaveLength(1);
    expect(second.nextCursor).toBeNull();
    expect(second.items[0].id).toBeLessThan(first.items[1].id);
  });

  it('audits the search itself, with the filters (ids and codes only)', async () => {
    await search(`patient=${patientId}&outcome=denied`);
    const [row] = await t.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'audit.search'))
      .orderBy(desc(auditEvents.id))
      .limit(1);
    expect(row).toMatchObject({ actorUserId: admin.userId, category: 'security', outcome: 'success' });
    expect(row!.detail).toMatchObject({ filters: ['patient', 'outcome'], returned: 1 });
    expect(JSON.stringify(row!.detail)).not.toContain(patientId);
  });

  it('searches by part of the actor or patient name; the names typed are never stored', async () => {
    expect(actions(await search('actorName=nadia%20oka'))).toEqual(['patient.read', 'allergy.create', 'patient.read']);
    expect(actions(await search('patientName=QUIST&outcome=denied'))).toEqual(['patient.read']);
    expect(actions(await search('patientName=nobody-like-this'))).toEqual([]);
    const res = await search('patientName=zelda&action=allergy.create');
    expect(res.json().items[0]).toMatchObject({ actorName: 'Nadia Okafor', patientName: 'Zelda Quist' });
    expect((await search('actorName=n')).statusCode).toBe(400);
    const recent = await t.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'audit.search'))
      .orderBy(desc(auditEvents.id))
      .limit(4);
    expect(recent[0]!.detail).toMatchObject({ filters: ['patientName', 'action'] });
    for (const row of recent) expect(JSON.stringify(row)).not.toMatch(/zelda|quist|nadia|nobody/i);
  });

  it('is open to privacy officers, not to other staff; only administrators verify the chain', async () => {
    const officer = await createAccount(t, { role: 'nurse', privacyOfficer: true });
    const plain = await createAccount(t, { role: 'doctor' });
    const byOfficer = await api(t, 'GET', '/api/v1/admin/audit?patientName=zelda', { token: officer.token });
    expect(byOfficer.statusCode).toBe(200);
    expect(byOfficer.json().items.length).toBe(3);
    expect((await api(t, 'GET', '/api/v1/admin/audit', { token: plain.token })).statusCode).toBe(403);
    expect((await api(t, 'POST', '/api/v1/admin/audit/verify', { token: officer.token })).statusCode).toBe(403);
    const page = await new PageSession(t, officer.cookie).post('/admin/audit', { patientName: 'quist' }, { csrfFrom: '/admin/audit' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Zelda Quist');
    expect(page.body).toContain('Nadia Okafor');
    // Names are POSTed: none is written into a link (the next page is a form too).
    expect(page.body).not.toMatch(/href="[^"]*quist/i);
    expect(page.body).not.toContain('/admin/audit/verify');
    expect(page.body).toContain('href="/admin/audit"');
    expect((await new PageSession(t, plain.cookie).get('/admin/audit')).statusCode).toBe(403);
  });

  it('exports a period as CSV (formula-safe cells) and audits the export without its values', async () => {
    const sly = await createPatientRecord(t, { givenName: '=HYPERLINK("x")', familyName: 'Sly' });
    await writeAudit(
      t.db,
      { userId: nurse.userId, role: 'nurse' },
      null,
      { action: 'patient.read', resourceType: 'patient', patientId: sly.id },
      new Date('2026-11-24T10:00:00Z'),
    );
    const session = new PageSession(t, admin.cookie);
    const missing = await session.post('/admin/audit/export.csv', { actorName: 'nadia' }, { csrfFrom: '/admin/audit' });
    expect(missing.statusCode).toBe(400);
    const res = await session.post('/admin/audit/export.csv', { actorName: 'nadia', from: '2026-11-20', to: '2026-11-24' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.headers['content-disposition']).toContain('audit-2026-11-20_2026-11-24.csv');
    const lines = res.body.trim().split('\r\n');
    expect(lines[0]).toMatch(/^occurred_at,action,action_label/);
    expect(lines).toHaveLength(5);
    expect(lines[1]).toContain('"\'=HYPERLINK(""x"") Sly"');
    expect(lines[4]).toContain('"Nadia Okafor"');
    expect(lines[4]).toContain('"Zelda Quist"');
    const [row] = await t.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'audit.export'))
      .orderBy(desc(auditEvents.id))
      .limit(1);
    expect(row).toMatchObject({ actorUserId: admin.userId, category: 'security' });
    expect(row!.detail).toMatchObject({ filters: ['actorName', 'from', 'to'], format: 'csv' });
    expect(JSON.stringify(row)).not.toMatch(/nadia/i);
  });

  it('renders the audit page with filters and verifies the chain from it', async () => {
    const page = new PageSession(t, admin.cookie);
    const res = await page.get(`/admin/audit?actor=${nurse.userId}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Nadia Okafor');
    // Readable actions, never the code as the label.
    expect(res.body).toContain('Recorded an allergy');
    expect(res.body).toContain('Viewed a patient’s details');
    const verified = await page.post('/admin/audit/verify', {});
    expect(verified.statusCode).toBe(200);
    expect(verified.body).toContain('The audit chain is intact');
  });

  it('verifies: ok after sealing, then broken at the tampered row', async () => {
    const ok = await api(t, 'POST', '/api/v1/admin/audit/verify', { token: admin.token });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ ok: true, firstBroken: null, unsealed: 0 });
    expect(ok.json().checked).toBeGreaterThanOrEqual(4);
    const [verifyRow] = await t.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'audit.verify'))
      .orderBy(desc(auditEvents.id))
      .limit(1);
    expect(verifyRow).toMatchObject({ actorUserId: admin.userId, outcome: 'success' });

    const [victim] = await t.db.select().from(auditEvents).where(eq(auditEvents.action, 'allergy.create'));
    await t.db.execute(sql`alter table audit_events disable trigger audit_events_no_update`);
    await t.db.update(auditEvents).set({ outcome: 'denied' }).where(eq(auditEvents.id, victim!.id));
    await t.db.execute(sql`alter table audit_events enable trigger audit_events_no_update`);

    const broken = await api(t, 'POST', '/api/v1/admin/audit/verify', { token: admin.token });
    expect(broken.json()).toMatchObject({ ok: false, firstBroken: { seq: victim!.seq, id: victim!.id } });
    const [alarm] = await t.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'audit.verify'))
      .orderBy(desc(auditEvents.id))
      .limit(1);
    expect(alarm).toMatchObject({ outcome: 'failure', severity: 'high' });
    const page = await new PageSession(t, admin.cookie).post('/admin/audit/verify', {}, { csrfFrom: '/admin/audit' });
    expect(page.body).toContain(`sequence ${victim!.seq}`);
  });
});
