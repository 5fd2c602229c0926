import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { users } from '../../platform/auth/auth.tables.js';
import { api, useTestApp } from '../../../test/helpers/app.js';
import { createAccount } from '../../../test/helpers/actors.js';
import { visitTypes } from '../scheduling/index.js';
import { findStaffById, listDepartments } from './index.js';
import { departments, specialties, staffProfiles, staffSpecialties } from './staff.tables.js';

/**
 * The reference cache (platform/db/reference-cache.ts) keeps staff entries, departments,
 * specialties, visit types and rooms until the database signals a change to their tables. Each
 * test warms an entry (and proves the next read is a hit), changes a row the way any code path
 * might — here straight through SQL, which no application code could have remembered to
 * invalidate — and expects the very next read to see it.
 */
describe('reference cache: every change takes effect at once', () => {
  const t = useTestApp();
  const cache = () => t.app.deps.referenceCache;

  /**
   * Reads until a read is served from the cache. On PostgreSQL the dedicated listener hears a
   * change a moment after the pool did, and that late signal may drop the fresh entry (a harmless
   * extra miss), so a few tries are allowed.
   */
  async function expectHit<T>(read: () => Promise<T>): Promise<T> {
    await read();
    for (let attempt = 0; attempt < 10; attempt += 1) {
      const hits = cache().stats.hits;
      const value = await read();
      if (cache().stats.hits === hits + 1) return value;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error('the read never came from the cache');
  }

  it('sees a renamed staff member, a new specialty and a disabled account on the next read', async () => {
    const doctor = await createAccount(t, { role: 'doctor' });
    const staffId = doctor.staffId!;
    expect((await expectHit(() => findStaffById(t.db, staffId)))?.active).toBe(true);

    await t.db.update(staffProfiles).set({ familyName: 'Renamed' }).where(eq(staffProfiles.id, staffId));
    expect((await findStaffById(t.db, staffId))?.familyName).toBe('Renamed');

    const [department] = await t.db.insert(departments).values({ code: 'RC', name: 'Cache ward', createdAt: t.clock.now() }).returning();
    const [specialty] = await t.db
      .insert(specialties)
      .values({ code: 'RCS', name: 'Cache medicine', departmentId: department!.id, createdAt: t.clock.now() })
      .returning();
    await expectHit(() => findStaffById(t.db, staffId));
    await t.db.insert(staffSpecialties).values({ staffId, specialtyId: specialty!.id });
    expect((await findStaffById(t.db, staffId))?.specialties.map((s) => s.name)).toEqual(['Cache medicine']);

    await expectHit(() => findStaffById(t.db, staffId));
    await t.db.update(specialties).set({ name: 'Renamed medicine' }).where(eq(specialties.id, specialty!.id));
    expect((await findStaffById(t.db, staffId))?.specialties.map((s) => s.name)).toEqual(['Renamed medicine']);

    await expectHit(() => findStaffById(t.db, staffId));
    await t.db.update(users).set({ disabledAt: t.clock.now() }).where(eq(users.id, doctor.userId));
    expect((await findStaffById(t.db, staffId))?.active).toBe(false);
  });

  it('lists a new department and drops a deactivated visit type from the API at once', async () => {
    const admin = await createAccount(t, { role: 'admin' });
    await expectHit(() => listDepartments(t.db));
    await t.db.insert(departments).values({ code: 'NEW', name: 'Brand-new ward', createdAt: t.clock.now() });
    expect(
      (await api(t, 'GET', '/api/v1/departments', { token: admin.token })).json().items.map((d: { name: string }) => d.name),
    ).toContain('Brand-new ward');

    const list = async () => (await api(t, 'GET', '/api/v1/visit-types', { token: admin.token })).json().items as { id: string }[];
    const [first] = await expectHit(list);
    await t.db.update(visitTypes).set({ active: false }).where(eq(visitTypes.id, first!.id));
    expect((await list()).map((v) => v.id)).not.toContain(first!.id);
    await t.db.update(visitTypes).set({ active: true }).where(eq(visitTypes.id, first!.id));
    expect((await list()).map((v) => v.id)).toContain(first!.id);
  });

  it('never caches a read inside a transaction: it sees the transaction’s own uncommitted change', async () => {
    const nurse = await createAccount(t, { role: 'nurse' });
    await expectHit(() => findStaffById(t.db, nurse.staffId!));
    await t.db
      .transaction(async (tx) => {
        await tx.update(staffProfiles).set({ givenName: 'Inside' }).where(eq(staffProfiles.id, nurse.staffId!));
        expect((await findStaffById(tx, nurse.staffId!))?.givenName).toBe('Inside');
        throw new Error('roll back');
      })
      .catch(() => {});
    expect((await findStaffById(t.db, nurse.staffId!))?.givenName).not.toBe('Inside');
  });

  it('reads from the database while the signal channel is down', async () => {
    const doctor = await createAccount(t, { role: 'doctor' });
    await expectHit(() => findStaffById(t.db, doctor.staffId!));
    const events = t.app.deps.events;
    await events.stop();
    try {
      const bypassed = cache().stats.bypassed;
      await t.db.update(staffProfiles).set({ title: 'Dr' }).where(eq(staffProfiles.id, doctor.staffId!));
      expect((await findStaffById(t.db, doctor.staffId!))?.title).toBe('Dr');
      expect(cache().stats.bypassed).toBe(bypassed + 1);
    } finally {
      await events.start();
    }
    expect((await expectHit(() => findStaffById(t.db, doctor.staffId!)))?.title).toBe('Dr');
  });
});
