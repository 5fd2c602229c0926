import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { users } from '../../platform/auth/auth.tables.js';
import { api, useTestApp } from '../../../test/helpers/app.js';
import { createAccount, type TestAccount } from '../../../test/helpers/actors.js';
import { PageSession } from '../../../test/helpers/browser.js';
import { findStaffById, listStaffByIds } from './index.js';
import { departments, specialties, staffProfiles, staffSpecialties } from './staff.tables.js';

describe('staff directory', () => {
  const t = useTestApp();
  let cardiology: string;
  let pediatrics: string;
  let heartFailure: string;
  let neonatal: string;
  let alice: TestAccount; // cardiology, heart failure, en + es
  let bruno: TestAccount; // pediatrics, neonatal, fr + pt-BR
  let carla: TestAccount; // nurse, cardiology, ar
  let gone: TestAccount; // disabled
  let patient: TestAccount;

  const setProfile = async (account: TestAccount, values: Partial<typeof staffProfiles.$inferInsert>, specialtyIds: string[] = []) => {
    await t.db.update(staffProfiles).set(values).where(eq(staffProfiles.id, account.staffId!));
    if (specialtyIds.length)
      await t.db.insert(staffSpecialties).values(specialtyIds.map((specialtyId) => ({ staffId: account.staffId!, specialtyId })));
  };

  beforeAll(async () => {
    [{ id: cardiology }, { id: pediatrics }] = (await t.db
      .insert(departments)
      .values([
        { code: 'CARD', name: 'Cardiology', createdAt: t.clock.now() },
        { code: 'PED', name: 'Pediatrics', createdAt: t.clock.now() },
      ])
      .returning({ id: departments.id })) as [{ id: string }, { id: string }];
    [{ id: heartFailure }, { id: neonatal }] = (await t.db
      .insert(specialties)
      .values([
        { code: 'HF', name: 'Heart failure', departmentId: cardiology, createdAt: t.clock.now() },
        { code: 'NEO', name: 'Neonatology', departmentId: pediatrics, createdAt: t.clock.now() },
      ])
      .returning({ id: specialties.id })) as [{ id: string }, { id: string }];
    alice = await createAccount(t, { role: 'doctor', givenName: 'Alice', familyName: 'Adams' });
    bruno = await createAccount(t, { role: 'doctor', givenName: 'Bruno', familyName: 'Baptiste' });
    carla = await createAccount(t, { role: 'nurse', givenName: 'Carla', familyName: 'Costa' });
    gone = await createAccount(t, { role: 'doctor', givenName: 'Gina', familyName: 'Gone' });
    patient = await createAccount(t, { role: 'patient' });
    await setProfile(alice, { departmentId: cardiology, languages: ['en', 'es'], title: 'MD' }, [heartFailure]);
    await setProfile(bruno, { departmentId: pediatrics, languages: ['fr', 'pt-BR'] }, [neonatal]);
    await setProfile(carla, { departmentId: cardiology, languages: ['ar'] });
    await setProfile(gone, { departmentId: cardiology, languages: ['en'] }, [heartFailure]);
    await t.db.update(users).set({ disabledAt: t.clock.now() }).where(eq(users.id, gone.userId));
  });

  const names = (body: { items: { name: string }[] }) => body.items.map((i) => i.name);

  it('filters by department, specialty and language, in name order, without disabled accounts', async () => {
    const byDepartment = await api(t, 'GET', `/api/v1/staff?department=${cardiology}`, { token: patient.token });
    expect(byDepartment.statusCode).toBe(200);
    expect(names(byDepartment.json())).toEqual(['Alice Adams', 'Carla Costa']);

    const bySpecialty = await api(t, 'GET', `/api/v1/staff?specialty=${heartFailure}`, { token: alice.token });
    expect(names(bySpecialty.json())).toEqual(['Alice Adams']);

    const byLanguage = await api(t, 'GET', '/api/v1/staff?language=es', { token: alice.token });
    expect(names(byLanguage.json())).toEqual(['Alice Adams']);
    // A primary tag also finds regional variants.
    expect(names((await api(t, 'GET', '/api/v1/staff?language=pt', { token: alice.token })).json())).toEqual(['Bruno Baptiste']);

    const byRoleAndName = await api(t, 'GET', '/api/v1/staff?role=nurse&query=cost', { token: alice.token });
    expect(names(byRoleAndName.json())).toEqual(['Carla Costa']);
    expect(names((await api(t, 'GET', '/api/v1/staff?query=gone', { token: alice.token })).json())).toEqual([]);
  });

  it('returns the public directory shape only: never an e-mail or account internals', async () => {
    const res = await api(t, 'GET', `/api/v1/staff?department=${cardiology}&query=alice`, { token: patient.token });
    const [entry] = res.json().items;
    expect(entry).toEqual({
      id: alice.staffId,
      name: 'Alice Adams',
      givenName: 'Alice',
      familyName: 'Adams',
      title: 'MD',
      role: 'doctor',
      department: { id: cardiology, name: 'Cardiology' },
      specialties: [{ id: heartFailure, name: 'Heart failure' }],
      languages: ['en', 'es'],
      photoUrl: null,
    });
    expect(res.body).not.toContain(alice.email);
    expect(res.body).not.toContain('userId');
    const one = await api(t, 'GET', `/api/v1/staff/${alice.staffId}`, { token: patient.token });
    expect(one.statusCode).toBe(200);
    expect(one.json()).toEqual(entry);
    expect(one.body).not.toContain('@');
  });

  it('answers 404 for a disabled or unknown staff member', async () => {
    const res = await api(t, 'GET', `/api/v1/staff/${gone.staffId}`, { token: alice.token });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('not_found');
  });

  it('paginates with an opaque keyset cursor and rejects a forged one', async () => {
    // Same family name: the given name and then the id break the tie.
    for (const givenName of ['Zoe', 'Yann', 'Xena']) await createAccount(t, { role: 'pharmacist', givenName, familyName: 'Same' });
    const all = names((await api(t, 'GET', '/api/v1/staff?limit=100', { token: alice.token })).json());
    expect(all.length).toBeGreaterThanOrEqual(6);
    const walked: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await api(t, 'GET', `/api/v1/staff?limit=2${cursor ? `&cursor=${cursor}` : ''}`, { token: alice.token });
      expect(res.statusCode).toBe(200);
      const body = res.json<{ items: { name: string }[]; nextCursor: string | null }>();
      expect(body.items.length).toBeLessThanOrEqual(2);
      walked.push(...names(body));
      cursor = body.nextCursor;
    } while (cursor);
    expect(walked).toEqual(all);
    expect(all.filter((n) => n.endsWith(' Same'))).toEqual(['Xena Same', 'Yann Same', 'Zoe Same']);
    const forged = await api(t, 'GET', '/api/v1/staff?cursor=WzFd', { token: alice.token });
    expect(forged.statusCode).toBe(400);
    expect(forged.json().code).toBe('validation_failed');
  });

  it('lists departments and specialties, filtered by department', async () => {
    const deps = await api(t, 'GET', '/api/v1/departments', { token: patient.token });
    expect(deps.json().items.map((d: { code: string }) => d.code)).toEqual(['CARD', 'PED']);
    const specs = await api(t, 'GET', `/api/v1/specialties?department=${pediatrics}`, { token: patient.token });
    expect(specs.json().items).toEqual([{ id: neonatal, code: 'NEO', name: 'Neonatology', departmentId: pediatrics }]);
  });

  it('gives other modules staff members by id, disabled ones marked inactive', async () => {
    const one = await findStaffById(t.db, gone.staffId!);
    expect(one).toMatchObject({ id: gone.staffId, userId: gone.userId, active: false, specialties: [{ id: heartFailure }] });
    const many = await listStaffByIds(t.db, [bruno.staffId!, alice.staffId!, alice.staffId!]);
    expect(many.map((m) => m.name)).toEqual(['Alice Adams', 'Bruno Baptiste']);
    expect(await listStaffByIds(t.db, [])).toEqual([]);
  });

  it('renders the staff home and the directory page, and sends patients to the portal', async () => {
    const page = new PageSession(t, alice.cookie);
    const home = await page.get('/staff');
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain('Welcome, Alice Adams');
    expect(home.body).toContain('href="/staff/patients"');
    expect(home.body).not.toContain('href="/staff/privacy-reviews"');

    const officer = await createAccount(t, { role: 'nurse', privacyOfficer: true });
    const officerHome = await new PageSession(t, officer.cookie).get('/staff');
    expect(officerHome.body).toContain('href="/staff/privacy-reviews"');

    const directory = await page.get(`/staff/directory?department=${pediatrics}`);
    expect(directory.statusCode).toBe(200);
    expect(directory.body).toContain('Bruno Baptiste');
    expect(directory.body).not.toContain('Alice Adams');
    expect(directory.body).not.toContain(bruno.email);

    // A clinician opens only their own calendar; the front desk opens any clinician's from here.
    expect(directory.body).not.toContain('/staff/calendar?staffId=');
    const reception = await createAccount(t, { role: 'receptionist' });
    const deskView = await new PageSession(t, reception.cookie).get(`/staff/directory?department=${pediatrics}`);
    expect(deskView.body).toContain(`href="/staff/calendar?staffId=${bruno.staffId}"`);

    const invalid = await page.get('/staff/directory?department=not-a-uuid');
    expect(invalid.statusCode).toBe(400);

    const asPatient = await new PageSession(t, patient.cookie).get('/staff');
    expect(asPatient.statusCode).toBe(303);
    expect(asPatient.headers.location).toBe('/portal');
  });
});
