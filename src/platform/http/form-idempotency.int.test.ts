import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/helpers/app.js';
import { PageSession } from '../../../test/helpers/browser.js';
import { formSubmissions } from './form-submissions.tables.js';

describe('form double-submit guard', () => {
  const t = useTestApp();

  it('runs a form once: a repeat with the same key goes where the first went without acting again', async () => {
    const browser = new PageSession(t);
    const key = randomUUID();
    const first = await browser.post('/language', { locale: 'fr', next: '/first', _idempotency: key });
    expect(first.statusCode).toBe(303);
    expect(first.headers.location).toBe('/first');
    // Stored before the answer left, so a repeat sent the moment it arrives is redirected, not refused.
    const [stored] = await t.db.select().from(formSubmissions).where(eq(formSubmissions.key, key));
    expect(stored?.location).toBe('/first');
    // Same key, different content: the handler must not run again (it would redirect to /second).
    const repeat = await browser.post('/language', { locale: 'es', next: '/second', _idempotency: key });
    expect(repeat.statusCode).toBe(303);
    expect(repeat.headers.location).toBe('/first');
    expect(browser.cookie('cw_lang')).toBe('fr');
    const [row] = await t.db.select().from(formSubmissions).where(eq(formSubmissions.key, key));
    expect(row?.location).toBe('/first');
  });

  it('forgets a key whose submission failed, so the corrected form can be sent', async () => {
    const browser = new PageSession(t);
    const key = randomUUID();
    const failed = await browser.post('/language', { locale: 'x'.repeat(20), next: '/x', _idempotency: key });
    expect(failed.statusCode).toBe(400);
    expect(await t.db.select().from(formSubmissions).where(eq(formSubmissions.key, key))).toEqual([]);
    const retried = await browser.post('/language', { locale: 'fr', next: '/x', _idempotency: key });
    expect(retried.statusCode).toBe(303);
  });
});
