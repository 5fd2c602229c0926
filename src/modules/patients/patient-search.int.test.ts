import { and, asc, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createAccount, createPatientRecord } from '../../../test/helpers/actors.js';
import { api, useTestApp } from '../../../test/helpers/app.js';
import { countQueries } from '../../../test/helpers/query-count.js';
import { auditEvents } from '../../platform/audit/audit.tables.js';
import type { ServiceContext } from '../../platform/auth/actor.js';
import { firstAfterPrefix, indexedNameSearch, nameSearchTerms } from './patients.repository.js';
import { findPatients } from './services/patient-registration.service.js';

interface Item {
  id: string;
  givenName: string;
  familyName: string;
}

describe('patients: name search from the trigram index', () => {
  const t = useTestApp();

  it('finds misspelt names, best match first, and pages through every match exactly once', async () => {
    const clerk = await createAccount(t, { role: 'receptionist' });
    const exact = await createPatientRecord(t, { givenName: 'Rosalind', familyName: 'Smith' });
    const similar: string[] = [exact.id];
    for (let i = 0; i < 11; i++) similar.push((await createPatientRecord(t, { givenName: `Walker${i}`, familyName: 'Smith' })).id);
    similar.push((await createPatientRecord(t, { givenName: 'Ada', familyName: 'Smyth' })).id);
    await createPatientRecord(t, { givenName: 'Unrelated', familyName: 'Okonkwo' });

    const typo = await api(t, 'GET', '/api/v1/patients?query=smyth', { token: clerk.token });
    expect(typo.json().items.map((p: Item) => p.familyName)).toContain('Smith');

    const seen: Item[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const url: string = `/api/v1/patients?query=${encodeURIComponent('rosalind smith')}&limit=5${cursor ? `&cursor=${cursor}` : ''}`;
      const res = await api(t, 'GET', url, { token: clerk.token });
      expect(res.statusCode).toBe(200);
      seen.push(...(res.json().items as Item[]));
      cursor = res.json().nextCursor as string | null;
      pages++;
    } while (cursor && pages < 20);
    expect(seen[0]!.id).toBe(exact.id);
    const ids = seen.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).not.toContain(undefined);
    expect(seen.every((p) => p.familyName !== 'Okonkwo')).toBe(true);
    for (const id of similar.slice(0, 12)) expect(ids).toContain(id);
  });

  it('ranks names that are the term, then names that begin with it, then similar names, and pages through them once', async () => {
    const clerk = await createAccount(t, { role: 'receptionist' });
    const named = async (givenName: string, familyName: string) => (await createPatientRecord(t, { givenName, familyName })).id;
    // Created out of order, so the order found is the ranking's, not the rows'.
    const similar = await named('Ivo', 'Quenel');
    const givenBegins = await named('Quennellia', 'Dunn');
    const familyBegins = await named('Cy', 'Quennell-Hart');
    const givenIs = await named('Quennell', 'Bexley');
    const familyIsZed = await named('Zed', 'Quennell');
    const familyIsAmy = await named('Amy', 'QUENNELL');
    await named('Unrelated', 'Okonkwo');
    const expected = [familyIsAmy, familyIsZed, givenIs, familyBegins, givenBegins, similar];

    const whole = await api(t, 'GET', '/api/v1/patients?query=Quennell', { token: clerk.token });
    expect(whole.json().items.map((p: Item) => p.id)).toEqual(expected);
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await api(t, 'GET', `/api/v1/patients?query=quennell&limit=2${cursor ? `&cursor=${cursor}` : ''}`, {
        token: clerk.token,
      });
      expect(res.statusCode).toBe(200);
      paged.push(...res.json().items.map((p: Item) => p.id));
      cursor = res.json().nextCursor as string | null;
    } while (cursor && paged.length < 20);
    expect(paged).toEqual(expected);
  });

  it('bounds the names that begin with a term by the first string after them all, in code-point order', () => {
    expect(firstAfterPrefix('quen')).toBe('queo');
    expect(firstAfterPrefix('müll')).toBe('mülm');
    expect(firstAfterPrefix('ab\u{10FFFF}')).toBe('ac');
    expect(firstAfterPrefix('a\uD7FF')).toBe('a\uE000');
    expect(firstAfterPrefix('a😀')).toBe('a😁');
  });

  it('answers a term many names are from the B-tree alone: the trigram walk never runs', async () => {
    await t.db.execute(sql`
      insert into patients (mrn, given_name, family_name, birth_date, created_at, updated_at)
      select nextval('patient_mrn_seq')::text, 'Many' || g, 'Widelyshared', date '1930-01-01' + g, ${t.clock.now()}, ${t.clock.now()}
      from generate_series(1, 60) g`);
    const planOf = async (needle: string, offset: number) => {
      const query = indexedNameSearch(t.db, nameSearchTerms(needle, offset, 21), 'oneName');
      const explained: unknown = await t.db.execute(sql`explain (analyze, costs off, timing off) ${query.getSQL()}`);
      return (explained as { rows: Record<string, string>[] }).rows.map((r) => Object.values(r)[0]).join('\n');
    };
    const trigramWalk = (plan: string) => plan.split('\n').find((line) => line.includes('patients_name_trgm_gist_idx')) ?? '';
    // The first and a later page of 60 exact matches: the family-name index fills them.
    for (const offset of [0, 21]) {
      const plan = await planOf('widelyshared', offset);
      expect(plan).toContain('patients_family_name_search_idx');
      expect(trigramWalk(plan)).toContain('never executed');
    }
    // Past the last exact match the page is filled by similar names: the walk runs.
    expect(trigramWalk(await planOf('widelyshared', 50))).not.toContain('never executed');
  });

  it('refuses a forged cursor and keeps short terms working as a substring match', async () => {
    const clerk = await createAccount(t, { role: 'receptionist' });
    const lee = await createPatientRecord(t, { givenName: 'Bo', familyName: 'Lee' });
    const short = await api(t, 'GET', '/api/v1/patients?query=le', { token: clerk.token });
    expect(short.json().items.map((p: Item) => p.id)).toContain(lee.id);
    const forged = await api(t, 'GET', '/api/v1/patients?query=lee&cursor=not-a-cursor', { token: clerk.token });
    expect(forged.statusCode).toBe(400);
  });

  it('answers with the same statements whether one patient matches or hundreds do', async () => {
    const clerk = await createAccount(t, { role: 'receptionist' });
    await createPatientRecord(t, { givenName: 'Solitaire', familyName: 'Quillfeather' });
    await t.db.execute(sql`
      insert into patients (mrn, given_name, family_name, birth_date, created_at, updated_at)
      select nextval('patient_mrn_seq')::text, 'Many', 'Benchmarkson', date '1950-01-01' + g, ${t.clock.now()}, ${t.clock.now()}
      from generate_series(1, 300) g`);
    const counter = countQueries(t);
    const ctx: ServiceContext = {
      actor: {
        kind: 'user',
        userId: clerk.userId,
        role: 'receptionist',
        flags: { nurseLead: false, privacyOfficer: false },
        email: clerk.email,
        locale: 'en',
        timeZone: 'UTC',
        patientId: null,
        staffId: clerk.staffId,
        sessionId: 'search-test',
        sessionKind: 'api',
        mfaEnrolled: true,
      },
      origin: { ip: null, userAgent: 'vitest', requestId: 'search-test' },
      now: t.clock.now(),
    };
    const one = await findPatients(counter.db, ctx, { query: 'quillfeather', limit: 20 });
    const oneCount = counter.count();
    counter.reset();
    const many = await findPatients(counter.db, ctx, { query: 'benchmarkson', limit: 20 });
    expect(one.items).toHaveLength(1);
    expect(many.items).toHaveLength(20);
    expect(many.nextCursor).not.toBeNull();
    expect(counter.count()).toBe(oneCount);
    // The page and the audit row in ONE statement, whatever the number of matches.
    expect(oneCount).toBe(1);
    counter.reset();
    const none = await findPatients(counter.db, ctx, { query: 'zzyzxquorp', limit: 20 });
    const byBirthDate = await findPatients(counter.db, ctx, { query: '1950-01-02', limit: 20 });
    expect(none.items).toHaveLength(0);
    expect(byBirthDate.items.map((p) => p.familyName)).toEqual(['Benchmarkson']);
    expect(counter.count()).toBe(2);
    // Every search leaves its row, found or not, naming the kind of term and how many were shown (never the term).
    const rows = await t.db
      .select({
        detail: auditEvents.detail,
        actor: auditEvents.actorUserId,
        category: auditEvents.category,
        requestId: auditEvents.requestId,
      })
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'patient.search'), eq(auditEvents.requestId, 'search-test')))
      .orderBy(asc(auditEvents.id));
    expect(rows.map((r) => r.detail)).toEqual([
      { mode: 'name', resultCount: 1 },
      { mode: 'name', resultCount: 20 },
      { mode: 'name', resultCount: 0 },
      { mode: 'birthDate', resultCount: 1 },
    ]);
    expect(rows.every((r) => r.actor === clerk.userId && r.category === 'registration')).toBe(true);
  });
});
