import { desc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../../platform/audit/audit.tables.js';
import { api, useTestApp } from '../../../test/helpers/app.js';
import { createAccount, type TestAccount } from '../../../test/helpers/actors.js';
import { medicationProductIngredients, medicationProducts } from './medications.tables.js';

describe('medications: formulary products (API)', () => {
  const t = useTestApp();
  let pharmacist: TestAccount;
  let admin: TestAccount;
  let doctor: TestAccount;
  let patient: TestAccount;

  beforeAll(async () => {
    pharmacist = await createAccount(t, { role: 'pharmacist' });
    admin = await createAccount(t, { role: 'admin' });
    doctor = await createAccount(t, { role: 'doctor' });
    patient = await createAccount(t, { role: 'patient' });
  });

  const warfarin = {
    name: 'Warfarin 5 mg tablet',
    ingredients: [{ rxcui: '11289', strength: { value: 5, unit: 'mg' } }],
    doseForm: 'tablet',
    route: 'oral',
  };
  const create = (body: unknown, token = pharmacist.token) => api(t, 'POST', '/api/v1/medications/products', { token, body });
  const productCount = async () => (await t.db.select({ id: medicationProducts.id }).from(medicationProducts)).length;
  const auditsOf = async (productId: string) =>
    t.db.select().from(auditEvents).where(eq(auditEvents.resourceId, productId)).orderBy(desc(auditEvents.id));

  it('a pharmacist adds a product: 201 with its ETag, the rows, and one audit row', async () => {
    const res = await create({ ...warfarin, tags: ['qt_prolonging'] });
    expect(res.statusCode).toBe(201);
    expect(res.headers.etag).toBe('"1"');
    const body = res.json();
    expect(body).toMatchObject({
      name: 'Warfarin 5 mg tablet',
      ingredients: [{ rxcui: '11289', name: 'warfarin', strength: { value: 5, unit: 'mg' } }],
      doseForm: 'tablet',
      route: 'oral',
      onFormulary: true,
      tags: ['qt_prolonging'],
      version: 1,
    });
    const [row] = await t.db.select().from(medicationProducts).where(eq(medicationProducts.id, body.id));
    expect(row).toMatchObject({ createdBy: pharmacist.userId, updatedBy: pharmacist.userId, createdAt: t.clock.now() });
    const links = await t.db.select().from(medicationProductIngredients).where(eq(medicationProductIngredients.productId, body.id));
    expect(links).toEqual([{ productId: body.id, rxcui: '11289', position: 0, strengthValue: 5, strengthUnit: 'mg' }]);
    const audits = await auditsOf(body.id);
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({
      action: 'medication_product.create',
      resourceType: 'medication_product',
      category: 'administration',
      actorUserId: pharmacist.userId,
      patientId: null,
      outcome: 'success',
    });
  });

  it('a combination product keeps its ingredients in label order', async () => {
    const res = await create({
      name: 'Amoxicillin 500 mg / clavulanate 125 mg tablet',
      ingredients: [
        { rxcui: '723', strength: { value: 500, unit: 'mg' } },
        { rxcui: '48203', strength: { value: 125, unit: 'mg' } },
      ],
      doseForm: 'tablet',
      route: 'oral',
      onFormulary: false,
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().ingredients.map((i: { name: string }) => i.name)).toEqual(['amoxicillin', 'clavulanate']);
    expect(res.json().onFormulary).toBe(false);
  });

  it('refuses bad input with 400 validation_failed and the field path, writing nothing', async () => {
    const before = await productCount();
    const cases: [unknown, string][] = [
      [{ ...warfarin, name: 'Warfarin 1 mg', ingredients: [{ rxcui: '11289', strength: { value: 1 } }] }, 'ingredients.0.strength.unit'],
      [
        { ...warfarin, name: 'Warfarin 2 mg', ingredients: [{ rxcui: '11289', strength: { value: 2, unit: 'mg/5mL' } }] },
        'ingredients.0.strength.unit',
      ],
      [
        { ...warfarin, name: 'Warfarin 3 mg', ingredients: [{ rxcui: '11289', strength: { value: -3, unit: 'mg' } }] },
        'ingredients.0.strength.value',
      ],
      [{ ...warfarin, name: 'Warfarin 4 mg', ingredients: [] }, 'ingredients'],
      [{ ...warfarin, name: 'Warfarin 6 mg', doseForm: 'elixir' }, 'doseForm'],
      [{ ...warfarin, name: 'Warfarin 7 mg', tags: ['black_triangle'] }, 'tags.0'],
      [{ ...warfarin, name: 'Warfarin 8 mg', version: 3 }, ''],
      [
        {
          ...warfarin,
          name: 'Warfarin 9 mg',
          ingredients: [
            { rxcui: '11289', strength: { value: 5, unit: 'mg' } },
            { rxcui: '11289', strength: { value: 5, unit: 'mg' } },
          ],
        },
        'ingredients.1.rxcui',
      ],
    ];
    for (const [body, path] of cases) {
      const res = await create(body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().code).toBe('validation_failed');
      if (path) expect(res.json().errors.map((e: { path: string }) => e.path)).toContain(path);
    }
    expect(await productCount()).toBe(before);
  });

  it('an RxCUI missing from the catalogue is 422 naming the field; a duplicate name is 409; nothing is written', async () => {
    const before = await productCount();
    const unknown = await create({
      ...warfarin,
      name: 'Mystery 5 mg tablet',
      ingredients: [{ rxcui: '999999999', strength: { value: 5, unit: 'mg' } }],
    });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json()).toMatchObject({ code: 'unprocessable', errors: [{ path: 'ingredients.0.rxcui' }] });
    const duplicate = await create({ ...warfarin, name: 'WARFARIN 5 MG TABLET' });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json().code).toBe('conflict');
    expect(duplicate.json().detail).toContain('already in the formulary');
    expect(await productCount()).toBe(before);
  });

  it('reads one product with its ETag; an unknown id is 404, a malformed one 400', async () => {
    const created = (
      await create({ ...warfarin, name: 'Warfarin 1 mg tablet', ingredients: [{ rxcui: '11289', strength: { value: 1, unit: 'mg' } }] })
    ).json();
    const res = await api(t, 'GET', `/api/v1/medications/products/${created.id}`, { token: doctor.token });
    expect(res.statusCode).toBe(200);
    expect(res.headers.etag).toBe('"1"');
    expect(res.json().name).toBe('Warfarin 1 mg tablet');
    const missing = await api(t, 'GET', '/api/v1/medications/products/00000000-0000-4000-8000-000000000000', { token: doctor.token });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('not_found');
    expect((await api(t, 'GET', '/api/v1/medications/products/not-a-uuid', { token: doctor.token })).statusCode).toBe(400);
  });

  it('changes a product: only the fields sent, version bumped, tag changes audited with before and after', async () => {
    const created = (
      await create({ ...warfarin, name: 'Amiodarone 200 mg tablet', ingredients: [{ rxcui: '703', strength: { value: 200, unit: 'mg' } }] })
    ).json();
    const res = await api(t, 'PATCH', `/api/v1/medications/products/${created.id}`, {
      token: admin.token,
      headers: { 'if-match': '"1"' },
      body: { tags: ['qt_prolonging'] },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers.etag).toBe('"2"');
    expect(res.json()).toMatchObject({ name: 'Amiodarone 200 mg tablet', tags: ['qt_prolonging'], version: 2 });
    const [audit] = await auditsOf(created.id);
    expect(audit).toMatchObject({ action: 'medication_product.update', actorUserId: admin.userId, severity: 'medium' });
    expect(audit!.detail).toMatchObject({ changed: ['tags'], fromVersion: 1, tagsBefore: [], tagsAfter: ['qt_prolonging'] });

    const strengths = await api(t, 'PATCH', `/api/v1/medications/products/${created.id}`, {
      token: pharmacist.token,
      body: { name: 'Amiodarone 100 mg tablet', ingredients: [{ rxcui: '703', strength: { value: 100, unit: 'mg' } }] },
    });
    expect(strengths.statusCode).toBe(200);
    expect(strengths.json()).toMatchObject({ version: 3, ingredients: [{ rxcui: '703', strength: { value: 100, unit: 'mg' } }] });
    const links = await t.db.select().from(medicationProductIngredients).where(eq(medicationProductIngredients.productId, created.id));
    expect(links).toHaveLength(1);
  });

  it('a stale If-Match is 412 and changes nothing; an empty patch is 400; an unknown product is 404', async () => {
    const created = (
      await create({
        ...warfarin,
        name: 'Digoxin 250 microgram tablet',
        ingredients: [{ rxcui: '3407', strength: { value: 250, unit: 'ug' } }],
      })
    ).json();
    await api(t, 'PATCH', `/api/v1/medications/products/${created.id}`, { token: pharmacist.token, body: { onFormulary: false } });
    const stale = await api(t, 'PATCH', `/api/v1/medications/products/${created.id}`, {
      token: pharmacist.token,
      headers: { 'if-match': '"1"' },
      body: { name: 'Digoxin 62.5 microgram tablet' },
    });
    expect(stale.statusCode).toBe(412);
    expect(stale.json().code).toBe('version_mismatch');
    const [row] = await t.db.select().from(medicationProducts).where(eq(medicationProducts.id, created.id));
    expect(row).toMatchObject({ name: 'Digoxin 250 microgram tablet', version: 2, onFormulary: false });
    expect((await auditsOf(created.id)).map((a) => a.action)).toEqual(['medication_product.update', 'medication_product.create']);

    const empty = await api(t, 'PATCH', `/api/v1/medications/products/${created.id}`, { token: pharmacist.token, body: {} });
    expect(empty.statusCode).toBe(400);
    const missing = await api(t, 'PATCH', '/api/v1/medications/products/00000000-0000-4000-8000-000000000000', {
      token: pharmacist.token,
      body: { onFormulary: true },
    });
    expect(missing.statusCode).toBe(404);
  });

  it('permissions: clinicians read, only pharmacists and administrators write, patients and strangers neither', async () => {
    const before = await productCount();
    const doctorWrite = await create({ ...warfarin, name: 'Doctor 5 mg tablet' }, doctor.token);
    expect(doctorWrite.statusCode).toBe(403);
    expect(doctorWrite.json().code).toBe('forbidden');
    expect((await create({ ...warfarin, name: 'Patient 5 mg tablet' }, patient.token)).statusCode).toBe(403);
    expect((await api(t, 'POST', '/api/v1/medications/products', { body: warfarin })).statusCode).toBe(401);
    expect(await productCount()).toBe(before);

    const [someProduct] = await t.db.select().from(medicationProducts).limit(1);
    const doctorPatch = await api(t, 'PATCH', `/api/v1/medications/products/${someProduct!.id}`, {
      token: doctor.token,
      body: { onFormulary: false },
    });
    expect(doctorPatch.statusCode).toBe(403);
    const [after] = await t.db.select().from(medicationProducts).where(eq(medicationProducts.id, someProduct!.id));
    expect(after!.version).toBe(someProduct!.version);

    expect((await api(t, 'GET', '/api/v1/medications/products', { token: doctor.token })).statusCode).toBe(200);
    expect((await api(t, 'GET', '/api/v1/medications/products', { token: patient.token })).statusCode).toBe(403);
    // The ingredient catalogue is reference data, like ICD-10: every signed-in role may search it.
    expect((await api(t, 'GET', '/api/v1/medications/ingredients?query=warf', { token: patient.token })).statusCode).toBe(200);
    expect((await api(t, 'GET', '/api/v1/medications/ingredients?query=warf')).statusCode).toBe(401);
  });

  it('lists the formulary in name order a page at a time, filtered by status', async () => {
    const first = await api(t, 'GET', '/api/v1/medications/products?limit=2', { token: doctor.token });
    expect(first.statusCode).toBe(200);
    const page1 = first.json();
    expect(page1.items).toHaveLength(2);
    expect(page1.nextCursor).toEqual(expect.any(String));
    const second = (
      await api(t, 'GET', `/api/v1/medications/products?limit=50&cursor=${page1.nextCursor}`, { token: doctor.token })
    ).json();
    const names = [...page1.items, ...second.items].map((p: { name: string }) => p.name);
    expect(names).toEqual([...names].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));
    expect(new Set(names).size).toBe(await productCount());
    const off = (await api(t, 'GET', '/api/v1/medications/products?onFormulary=false', { token: doctor.token })).json();
    expect(off.items.length).toBeGreaterThan(0);
    expect(off.items.every((p: { onFormulary: boolean }) => !p.onFormulary)).toBe(true);
  });
});
