import { beforeAll, describe, expect, it } from 'vitest';
import { api, useTestApp } from '../../../test/helpers/app.js';
import { createAccount, type TestAccount } from '../../../test/helpers/actors.js';
import { countQueries } from '../../../test/helpers/query-count.js';
import { DEMO_FORMULARY } from '../../demo/demo-formulary.js';
import { MAX_RANKED_MATCHES } from './medications.repository.js';
import { seedFormularyProducts } from './medications.seed.js';
import { medicationIngredientNames, medicationIngredients } from './medications.tables.js';
import { listFormulary } from './services/formulary.service.js';
import { searchIngredients } from './services/ingredients.service.js';

describe('medications: ranked, bounded search of ingredients and products', () => {
  const t = useTestApp();
  let doctor: TestAccount;

  beforeAll(async () => {
    doctor = await createAccount(t, { role: 'doctor' });
    const pharmacist = await createAccount(t, { role: 'pharmacist' });
    await seedFormularyProducts(t.db, t.clock.now(), pharmacist.userId, DEMO_FORMULARY);
  });

  const ingredients = async (query: string, limit?: number) =>
    api(
      t,
      'GET',
      `/api/v1/medications/ingredients?${new URLSearchParams({ query, ...(limit !== undefined ? { limit: String(limit) } : {}) })}`,
      {
        token: doctor.token,
      },
    );
  const products = async (query: string, extra: Record<string, string> = {}) =>
    api(t, 'GET', `/api/v1/medications/products?${new URLSearchParams({ query, ...extra })}`, { token: doctor.token });

  it('ranks the exact name first, then names starting with the term, one result per RxCUI', async () => {
    const res = await ingredients('warfarin');
    expect(res.statusCode).toBe(200);
    const items = res.json().items as { rxcui: string; name: string; matchedName: string | null }[];
    expect(items[0]).toEqual({ rxcui: '11289', name: 'warfarin', matchedName: null });
    expect(items.slice(1).every((i) => i.name.includes('warfarin') || (i.matchedName ?? '').includes('warfarin'))).toBe(true);
    expect(new Set(items.map((i) => i.rxcui)).size).toBe(items.length);

    const prefix = (await ingredients('simva')).json().items;
    expect(prefix[0]).toMatchObject({ rxcui: '36567', name: 'simvastatin' });
  });

  it('finds an ingredient by a synonym and says which name matched', async () => {
    const paracetamol = (await ingredients('paracetamol')).json().items;
    expect(paracetamol[0]).toEqual({ rxcui: '161', name: 'acetaminophen', matchedName: 'paracetamol' });
    const salbutamol = (await ingredients('Salbutamol')).json().items;
    expect(salbutamol[0]).toMatchObject({ rxcui: '435', name: 'albuterol' });
  });

  it('matches every word in any order, and word starts before inner matches', async () => {
    const items = (await ingredients('chloride potassium')).json().items;
    expect(items[0]).toMatchObject({ rxcui: '8591', name: 'potassium chloride' });
    // The exact name, then a name where the term starts a word ("d-thyroxine"), then those holding it inside a word.
    const found = (await ingredients('thyroxine', 40)).json().items as { rxcui: string; name: string; matchedName: string | null }[];
    expect(found.slice(0, 2)).toEqual([
      { rxcui: '10582', name: 'thyroxine', matchedName: null },
      { rxcui: '3292', name: 'dextrothyroxine', matchedName: 'd-thyroxine' },
    ]);
    const startsAWord = found.map((i) => /(^|[^a-z])thyroxine/.test(i.matchedName ?? i.name));
    expect(startsAWord).toEqual([...startsAWord].sort((a, b) => Number(b) - Number(a)));
    expect(startsAWord).toContain(false);
  });

  it('bounds the term (2 to 100 characters) and the result count (at most 50)', async () => {
    for (const [query, limit] of [
      ['a', undefined],
      ['  b  ', undefined],
      ['x'.repeat(101), undefined],
      ['warfarin', 51],
      ['warfarin', 0],
    ] as const) {
      const res = await ingredients(query, limit);
      expect(res.statusCode, `${query.slice(0, 10)} ${limit}`).toBe(400);
      expect(res.json().code).toBe('validation_failed');
    }
    const broad = await ingredients('in', 50);
    expect(broad.statusCode).toBe(200);
    expect(broad.json().items).toHaveLength(50);
    // A two-letter term is a prefix search: every result has a name starting with it.
    expect(broad.json().items.every((i: { name: string; matchedName: string | null }) => (i.matchedName ?? i.name).startsWith('in'))).toBe(
      true,
    );
  });

  it('a broad term is one statement reading at most limit × 4 rows; a formulary page is two', async () => {
    const counter = countQueries(t);
    await searchIngredients(counter.db, 'warfarin', 20); // the first use per handle checks the catalogue is loaded
    counter.reset();
    await searchIngredients(counter.db, 'ine', 20); // matches thousands of names
    expect(counter.count()).toBe(1);
    expect(counter.statements()[0]).toMatch(/limit \$\d+/i);
    counter.reset();
    await listFormulary(counter.db, { query: 'ine', limit: 20 });
    expect(counter.count()).toBe(2); // the products, then their ingredients
    counter.reset();
    const page = await listFormulary(counter.db, { limit: 50 }); // the whole demo formulary's first page: still two
    expect(page.items).toHaveLength(50);
    expect(counter.count()).toBe(2);
  });

  it('past MAX_RANKED_MATCHES matching names, the exact name still comes first', async () => {
    const many = Array.from({ length: MAX_RANKED_MATCHES + 200 }, (_, i) => ({
      rxcui: String(990_000_000 + i),
      name: `xyzzyq compound ${i}`,
    }));
    await t.db.insert(medicationIngredients).values([...many, { rxcui: '989999999', name: 'xyzzyq' }]);
    await t.db
      .insert(medicationIngredientNames)
      .values([...many, { rxcui: '989999999', name: 'xyzzyq' }].map((r) => ({ ...r, preferred: true })));
    const items = (await ingredients('xyzzyq', 10)).json().items;
    expect(items).toHaveLength(10);
    expect(items[0]).toEqual({ rxcui: '989999999', name: 'xyzzyq', matchedName: null });
  });

  it('uses the trigram index for a contains search and the B-tree for a short prefix', async () => {
    await t.db.execute('set enable_seqscan = off');
    try {
      const plan = async (sqlText: string) => {
        const result: unknown = await t.db.execute(`explain ${sqlText}`);
        return (result as { rows: Record<string, string>[] }).rows.map((r) => Object.values(r)[0]).join('\n');
      };
      expect(await plan("select rxcui from medication_ingredient_names where name like '%arfar%'")).toContain(
        'medication_ingredient_names_trgm_idx',
      );
      expect(await plan("select rxcui from medication_ingredient_names where name like 'wa%'")).toContain(
        'medication_ingredient_names_prefix_idx',
      );
    } finally {
      await t.db.execute('set enable_seqscan = on');
    }
  });

  it('finds products by name or by any name of an ingredient, the product name matches first', async () => {
    const byName = (await products('warfarin')).json().items;
    expect(byName[0].name).toBe('Warfarin 5 mg tablet');
    const byIngredient = (await products('clavulan')).json().items.map((p: { name: string }) => p.name);
    expect(byIngredient).toEqual(['Amoxicillin 500 mg / clavulanate 125 mg tablet']);
    const bySynonym = (await products('paracetamol')).json().items.map((p: { name: string }) => p.name);
    expect(bySynonym).toEqual(['Acetaminophen 500 mg tablet']);
    // "amoxicillin": both products hold it; the one whose name starts with the term and is shorter comes first.
    const amox = (await products('amoxicillin')).json().items.map((p: { name: string }) => p.name);
    expect(amox).toEqual(['Amoxicillin 500 mg capsule', 'Amoxicillin 500 mg / clavulanate 125 mg tablet']);
    // Trimethoprim alone, and in co-trimoxazole (named after sulfamethoxazole): the name match first.
    const tmp = (await products('trimethoprim')).json().items.map((p: { name: string }) => p.name);
    expect(tmp[0]).toBe('Trimethoprim 200 mg tablet');
    expect(tmp).toContain('Sulfamethoxazole 800 mg / trimethoprim 160 mg tablet');
  });

  it('filters the search by formulary status and bounds it like the catalogue', async () => {
    const off = (await products('ergot', { onFormulary: 'false' })).json().items.map((p: { name: string }) => p.name);
    expect(off).toEqual(['Ergotamine 1 mg tablet']);
    expect((await products('ergot', { onFormulary: 'true' })).json().items).toEqual([]);
    const limited = (await products('tablet', { limit: '5' })).json();
    expect(limited.items).toHaveLength(5);
    expect(limited.nextCursor).toBeNull();
    expect((await products('t')).statusCode).toBe(400);
    expect((await products('tablet', { limit: '51' })).statusCode).toBe(400);
  });
});
