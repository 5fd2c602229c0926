import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { api, useTestApp } from '../../../../test/helpers/app.js';
import { createAccount } from '../../../../test/helpers/actors.js';
import { seedDemoHospital } from '../../../demo/seed.js';
import { specialties } from '../../staff/index.js';
import { availabilityRules, rooms, visitTypes } from './scheduling.tables.js';

describe('scheduling: the demo hospital', () => {
  const t = useTestApp();

  it('seeds rooms and working hours so a patient finds cardiology slots in Paris time', async () => {
    expect(await seedDemoHospital(t.db, t.config, t.app.deps.encryptor, t.clock.now())).toBe(true);
    expect((await t.db.select().from(rooms)).map((r) => r.code)).toContain('CARD-101');
    expect(await t.db.select().from(availabilityRules)).toHaveLength(5 * 2 + 5 * 2 + 5 + 3);
    const [cardiology] = await t.db.select().from(specialties).where(eq(specialties.code, 'cardiology'));
    const [newPatient] = await t.db.select().from(visitTypes).where(eq(visitTypes.code, 'new_patient'));
    const patient = await createAccount(t, { role: 'patient' });
    // The clock is Friday 27 November 2026, 10:00 in Paris; Monday 30 November is a full day.
    const res = await api(t, 'GET', `/api/v1/slots?visitType=${newPatient!.id}&specialty=${cardiology!.id}&from=2026-11-30&to=2026-11-30`, {
      token: patient.token,
    });
    expect(res.statusCode).toBe(200);
    const items = res.json().items as { startsAt: string; staffName: string; timeZone: string }[];
    // Dr. Moreno's 14 half-hours; Dr. Haddad's 14 less the five the demo week's visits take (demo-activity.ts).
    expect(items).toHaveLength(14 + 9);
    expect(items[0]).toMatchObject({ startsAt: '2026-11-30T08:00:00.000Z', timeZone: 'Europe/Paris' });
    expect(new Set(items.map((i) => i.staffName))).toEqual(new Set(['Dr. Amira Haddad', 'Dr. Lucas Moreno']));
  });
});
