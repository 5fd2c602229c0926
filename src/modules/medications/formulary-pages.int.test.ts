import { desc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../../platform/audit/audit.tables.js';
import { useTestApp } from '../../../test/helpers/app.js';
import { createAccount, type TestAccount } from '../../../test/helpers/actors.js';
import { PageSession } from '../../../test/helpers/browser.js';
import { medicationProductIngredients, medicationProducts } from './medications.tables.js';

describe('medications: formulary pages', () => {
  const t = useTestApp();
  let pharmacist: TestAccount;
  let doctor: TestAccount;

  beforeAll(async () => {
    pharmacist = await createAccount(t, { role: 'pharmacist' });
    doctor = await createAccount(t, { role: 'doctor' });
  });

  const productNamed = async (name: string) => (await t.db.select().from(medicationProducts).where(eq(medicationProducts.name, name)))[0];

  it('the pharmacist reaches the formulary from the navigation and adds a product by ingredient name', async () => {
    const page = new PageSession(t, pharmacist.cookie);
    expect((await page.get('/staff')).body).toContain('href="/staff/formulary"');
    const list = await page.get('/staff/formulary');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('href="/staff/formulary/new"');
    expect(list.body).toContain('href="/staff/formulary/ingredients"');

    const res = await page.post(
      '/staff/formulary/new',
      {
        name: 'Sertraline 50 mg tablet',
        ingredient0: 'Sertraline',
        strength0: '50',
        unit0: 'mg',
        doseForm: 'tablet',
        route: 'oral',
        onFormulary: 'true',
      },
      { csrfFrom: '/staff/formulary/new' },
    );
    expect(res.statusCode).toBe(303);
    const product = await productNamed('Sertraline 50 mg tablet');
    expect(product).toMatchObject({ doseForm: 'tablet', route: 'oral', onFormulary: true, tags: [], createdBy: pharmacist.userId });
    expect(res.headers.location).toBe(`/staff/formulary/${product!.id}?done=created`);
    const links = await t.db.select().from(medicationProductIngredients).where(eq(medicationProductIngredients.productId, product!.id));
    expect(links.map((l) => [l.rxcui, l.strengthValue, l.strengthUnit])).toEqual([['36437', 50, 'mg']]);

    const edit = await page.get(res.headers.location as string);
    expect(edit.statusCode).toBe(200);
    expect(edit.body).toContain('value="sertraline (36437)"');
    expect(edit.body).toContain('The product was added to the formulary.');
    expect((await page.get('/staff/formulary?query=sertr')).body).toContain(`href="/staff/formulary/${product!.id}"`);
  });

  it('shows field errors for an unknown, an ambiguous or a missing ingredient, and writes nothing', async () => {
    const page = new PageSession(t, pharmacist.cookie);
    const before = (await t.db.select().from(medicationProducts)).length;
    const post = (fields: Record<string, string>) =>
      page.post(
        '/staff/formulary/new',
        { name: 'Test product 1 mg tablet', doseForm: 'tablet', route: 'oral', ...fields },
        { csrfFrom: '/staff/formulary/new' },
      );
    const unknown = await post({ ingredient0: 'unobtainium', strength0: '1', unit0: 'mg' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toContain('No ingredient has this name or RxCUI.');
    expect(unknown.body).toContain('value="unobtainium"');
    const ambiguous = await post({ ingredient0: 'heparin', strength0: '5000', unit0: '[iU]/mL' });
    expect(ambiguous.statusCode).toBe(400);
    expect(ambiguous.body).toContain('Several ingredients have this name');
    const noUnit = await post({ ingredient0: '11289', strength0: '1' });
    expect(noUnit.statusCode).toBe(400);
    expect(noUnit.body).toMatch(/id="f-unit0-error"/);
    const strengthOnly = await post({ strength1: '5', unit1: 'mg', ingredient0: '11289', strength0: '1', unit0: 'mg' });
    expect(strengthOnly.statusCode).toBe(400);
    expect(strengthOnly.body).toMatch(/id="f-ingredient1-error"/);
    expect((await t.db.select().from(medicationProducts)).length).toBe(before);
  });

  it('edits a product with its version; a stale version is refused and the row is unchanged', async () => {
    const page = new PageSession(t, pharmacist.cookie);
    const created = await page.post(
      '/staff/formulary/new',
      {
        name: 'Haloperidol 5 mg/mL injection',
        ingredient0: '5093',
        strength0: '5',
        unit0: 'mg/mL',
        doseForm: 'solution_for_injection',
        route: 'intramuscular',
        onFormulary: 'true',
      },
      { csrfFrom: '/staff/formulary/new' },
    );
    const product = await productNamed('Haloperidol 5 mg/mL injection');
    const fields = {
      name: 'Haloperidol 5 mg/mL injection',
      ingredient0: 'haloperidol (5093)',
      strength0: '5',
      unit0: 'mg/mL',
      doseForm: 'solution_for_injection',
      route: 'intramuscular',
      onFormulary: 'true',
      tags: 'qt_prolonging',
    };
    expect(created.statusCode).toBe(303);
    const saved = await page.post(`/staff/formulary/${product!.id}`, { ...fields, _version: '1' });
    expect(saved.statusCode).toBe(303);
    expect(await productNamed('Haloperidol 5 mg/mL injection')).toMatchObject({ version: 2, tags: ['qt_prolonging'] });
    const [audit] = await t.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.resourceId, product!.id))
      .orderBy(desc(auditEvents.id))
      .limit(1);
    expect(audit).toMatchObject({ action: 'medication_product.update', actorUserId: pharmacist.userId });

    const stale = await page.post(`/staff/formulary/${product!.id}`, { ...fields, onFormulary: '', _version: '1' });
    expect(stale.statusCode).toBe(412);
    expect(stale.body).toContain('Someone else changed this record');
    expect(await productNamed('Haloperidol 5 mg/mL injection')).toMatchObject({ version: 2, onFormulary: true });
  });

  it('the ingredient look-up page shows names and RxCUIs with the NLM attribution', async () => {
    const page = new PageSession(t, pharmacist.cookie);
    const res = await page.get('/staff/formulary/ingredients?query=paracetamol');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<code>161</code>');
    expect(res.body).toContain('National Library of Medicine');
    expect((await page.get('/staff/formulary/ingredients?query=p')).statusCode).toBe(400);
  });

  it('a doctor is refused the formulary pages (403) and has no link to them', async () => {
    const page = new PageSession(t, doctor.cookie);
    expect((await page.get('/staff')).body).not.toContain('href="/staff/formulary"');
    expect((await page.get('/staff/formulary')).statusCode).toBe(403);
    expect((await page.get('/staff/formulary/new')).statusCode).toBe(403);
  });

  it('renders the list in Arabic, right to left, with translated labels', async () => {
    const page = new PageSession(t, pharmacist.cookie);
    await page.post('/language', { locale: 'ar' }, { csrfFrom: '/staff/formulary' });
    const res = await page.get('/staff/formulary');
    expect(res.body).toContain('dir="rtl"');
    expect(res.body).toContain('قائمة الأدوية المعتمدة');
    expect(res.body).toContain('قرص');
  });
});
