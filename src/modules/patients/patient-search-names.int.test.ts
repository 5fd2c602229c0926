import { beforeAll, describe, expect, it } from 'vitest';
import { api, useTestApp } from '../../../test/helpers/app.js';
import { createAccount, createPatientRecord, type TestAccount } from '../../../test/helpers/actors.js';
import { PageSession } from '../../../test/helpers/browser.js';
import { serviceContextOf } from '../../../test/helpers/service-context.js';
import { createUnidentifiedPatient } from './index.js';

/**
 * Search results name an unidentified arrival by its placeholder in the reader's language (its
 * stored names are English search terms) and show birth dates as dates, not ISO strings.
 */
const t = useTestApp();
let desk: TestAccount;
let unidentifiedId: string;

beforeAll(async () => {
  desk = await createAccount(t, { role: 'receptionist' });
  const nurse = await createAccount(t, { role: 'nurse' });
  const ctx = serviceContextOf(t, nurse, 'nurse');
  const arrivedAt = t.clock.now();
  const row = await createUnidentifiedPatient(t.db, ctx.actor, ctx.origin, { sex: 'male', approximateAge: 40, arrivedAt }, arrivedAt);
  unidentifiedId = row.id;
  await createPatientRecord(t, { givenName: 'Odile', familyName: 'Searchable', birthDate: '1975-03-09' });
});

describe('patient search results', () => {
  it('the API gives an unidentified arrival’s facts, null for anyone else', async () => {
    const found = await api(t, 'GET', '/api/v1/patients?query=unidentified', { token: desk.token });
    expect(found.statusCode, found.body).toBe(200);
    const item = found.json<{ items: { id: string; unidentified: unknown }[] }>().items.find((i) => i.id === unidentifiedId);
    expect(item?.unidentified).toEqual({ sex: 'male', approximateAge: 40, since: t.clock.now().toISOString() });
    const named = await api(t, 'GET', '/api/v1/patients?query=Searchable', { token: desk.token });
    expect(named.json<{ items: { unidentified: unknown }[] }>().items[0]?.unidentified).toBeNull();
  });

  it('pages name the unidentified arrival in the reader’s language and format birth dates', async () => {
    const french = new PageSession(t, `${desk.cookie}; cw_lang=fr`);
    // Staff search takes the term in its address; the front desk's booking POSTs it.
    const search = (term: string) =>
      [
        ['staff search', () => french.get(`/staff/patients?query=${term}`)],
        ['front desk', () => french.post('/staff/schedule/book/find-patient', { query: term })],
      ] as const;
    for (const [url, open] of search('unidentified')) {
      const page = await open();
      expect(page.statusCode, url).toBe(200);
      expect(page.body, url).toContain('Homme non identifié, environ 40 ans');
      expect(page.body, url).not.toContain('Unidentified patient');
    }
    for (const [url, open] of search('Searchable')) {
      const page = await open();
      expect(page.body, url).toContain('9 mars 1975');
      expect(page.body, url).not.toContain('1975-03-09');
    }
  });
});
