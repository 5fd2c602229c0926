import { and, eq, isNull } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, useTestApp } from '../../../test/helpers/app.js';
import { createAccount, type TestAccount } from '../../../test/helpers/actors.js';
import { postgresLegReady } from '../../../test/helpers/postgres-leg.js';
import { emergencyAssignments } from './emergency.tables.js';
import { createUnit } from './index.js';

/**
 * Two dispatchers send the same unit to two incidents at the same moment, and two the same incident
 * two units: exactly one assignment each time, the other answers 409, and the database holds one
 * open assignment per unit. Races only show on real PostgreSQL.
 */
describe.runIf(postgresLegReady())('one open incident per unit under concurrent assignment (needs real PostgreSQL)', () => {
  const t = useTestApp();
  let dispatchers: TestAccount[];
  let patients: TestAccount[];

  beforeAll(async () => {
    dispatchers = [
      await createAccount(t, { role: 'nurse', dispatcher: true }),
      await createAccount(t, { role: 'doctor', dispatcher: true }),
    ];
    patients = [];
    // Six for the races, one of its own for the database test (a patient has one open incident).
    for (let i = 0; i < 7; i += 1) patients.push(await createAccount(t, { role: 'patient' }));
  });

  const raise = async (p: TestAccount, key: string) =>
    (
      await api(t, 'POST', '/api/v1/emergency/incidents', {
        token: p.token,
        headers: { 'idempotency-key': key },
        body: { location: { latitude: 48.85, longitude: 2.35 } },
      })
    ).json().id as string;

  it('one unit, two incidents: one wins', async () => {
    for (let round = 0; round < 3; round += 1) {
      const unit = await createUnit(t.db, { callSign: `RACE-${round}`, crewUserIds: [], latitude: 48.86, longitude: 2.36 }, t.clock.now());
      const a = await raise(patients[round * 2]!, `race-${round}-a-key`);
      const b = await raise(patients[round * 2 + 1]!, `race-${round}-b-key`);
      const answers = await Promise.all(
        [a, b].map((id, i) =>
          api(t, 'POST', `/api/v1/emergency/incidents/${id}/assign`, { token: dispatchers[i]!.token, body: { unitId: unit.id } }),
        ),
      );
      expect(answers.map((r) => r.statusCode).sort()).toEqual([200, 409]);
      const open = await t.db
        .select()
        .from(emergencyAssignments)
        .where(and(eq(emergencyAssignments.unitId, unit.id), isNull(emergencyAssignments.endedAt)));
      expect(open).toHaveLength(1);
    }
  });

  it('the database refuses a second open assignment of a unit', async () => {
    const unit = await createUnit(t.db, { callSign: 'RACE-DB', crewUserIds: [], latitude: 48.86, longitude: 2.36 }, t.clock.now());
    const [first] = await t.db.select().from(emergencyAssignments).limit(1);
    const now = t.clock.now();
    await t.db
      .insert(emergencyAssignments)
      .values({ incidentId: first!.incidentId, unitId: unit.id, assignedBy: dispatchers[0]!.userId, assignedAt: now, endedAt: now });
    const second = await raise(patients[6]!, 'race-db-second');
    await t.db
      .insert(emergencyAssignments)
      .values({ incidentId: second, unitId: unit.id, assignedBy: dispatchers[0]!.userId, assignedAt: now });
    const third = t.db
      .insert(emergencyAssignments)
      .values({ incidentId: first!.incidentId, unitId: unit.id, assignedBy: dispatchers[0]!.userId, assignedAt: now });
    await expect(third).rejects.toThrow();
  });
});
