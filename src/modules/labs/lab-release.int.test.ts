import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/helpers/app.js';
import { createAccount, type TestAccount } from '../../../test/helpers/actors.js';
import { PageSession } from '../../../test/helpers/browser.js';
import { auditEvents } from '../../platform/audit/audit.tables.js';
import { labTests } from './index.js';
import { labReleaseRules } from './labs.tables.js';

const t = useTestApp();
let admin: TestAccount;

beforeAll(async () => {
  admin = await createAccount(t, { role: 'admin' });
});

describe('release rules on the catalogue page', () => {
  it('shows each category with its default; an administrator changes one (audited); a stale or bad form is refused', async () => {
    const [hgb] = await t.db.select().from(labTests).where(eq(labTests.code, 'HGB'));
    expect(hgb!.category).toBe('haematology');
    const a = new PageSession(t, admin.cookie);
    const page = await a.get('/admin/lab-catalogue');
    expect(page.body).toContain('Release to the patient');
    expect(page.body).toContain('action="/admin/lab-catalogue/release/chemistry"');
    expect(page.body).toContain('Haematology');

    const saved = await a.post('/admin/lab-catalogue/release/chemistry', { _version: '0', rule: 'after_days', days: '5' });
    expect(saved.headers.location).toBe('/admin/lab-catalogue?done=1');
    const [row] = await t.db.select().from(labReleaseRules).where(eq(labReleaseRules.category, 'chemistry'));
    expect(row).toMatchObject({ rule: 'after_days', days: 5, version: 1 });
    const audit = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'lab_catalogue.update'), eq(auditEvents.resourceType, 'lab_release_rule')));
    expect(audit).toHaveLength(1);

    await a.get('/admin/lab-catalogue');
    const stale = await a.post('/admin/lab-catalogue/release/chemistry', { _version: '0', rule: 'immediately', days: '' });
    expect(stale.statusCode).toBe(400);
    expect(stale.body).toContain('Someone changed this release rule meanwhile');
    await a.get('/admin/lab-catalogue');
    const bad = await a.post('/admin/lab-catalogue/release/chemistry', { _version: '1', rule: 'after_days', days: '0' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('whole number of days');
    await a.get('/admin/lab-catalogue');
    const changed = await a.post('/admin/lab-catalogue/release/chemistry', { _version: '1', rule: 'after_review', days: '5' });
    expect(changed.headers.location).toBe('/admin/lab-catalogue?done=1');
    const [after] = await t.db.select().from(labReleaseRules).where(eq(labReleaseRules.category, 'chemistry'));
    expect(after).toMatchObject({ rule: 'after_review', days: null, version: 2 });
    await a.get('/admin/lab-catalogue');
    expect((await a.post('/admin/lab-catalogue/release/nonsense', { _version: '0', rule: 'immediately' })).statusCode).toBe(404);
  });
});
