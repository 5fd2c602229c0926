import { randomUUID } from 'node:crypto';
import { asc, eq, inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createAccount } from '../../../test/helpers/actors.js';
import { useTestApp } from '../../../test/helpers/app.js';
import { recordStatements } from '../../../test/helpers/statement-log.js';
import { allergies, patients } from '../../modules/patients/index.js';
import { oneStepRead, readInTwoSteps, secondStep, twoStepRead, withMoreReads } from './read-in-two-steps.js';
import { deferRead } from './read-together.js';

/**
 * Several lists whose second part depends on their first (ids, then rows): every first step in
 * one statement, every second step in one more, each part answering exactly as run alone.
 */
describe('readInTwoSteps', () => {
  const t = useTestApp();

  it('reads every first step together, then every second step together, and skips a part that answered at once', async () => {
    const family = `Steps${randomUUID()}`;
    const ana = await createAccount(t, { role: 'patient', givenName: 'Ana', familyName: family });
    await createAccount(t, { role: 'patient', givenName: 'Bea', familyName: family });
    const now = t.clock.now();
    await t.db.insert(allergies).values({
      patientId: ana.patientId!,
      substance: 'latex',
      source: 'staff',
      verification: 'confirmed',
      createdAt: now,
      updatedAt: now,
    });

    // A family's ids, then their allergies with the count of them; a family of nobody answers at once.
    const allergiesOf = (familyName: string) =>
      twoStepRead(
        deferRead(t.db.select({ id: patients.id }).from(patients).where(eq(patients.familyName, familyName)), (rows) =>
          rows.map((r) => r.id),
        ),
        (ids) =>
          ids.length === 0
            ? { value: { people: 0, substances: [] as string[] } }
            : secondStep(
                {
                  substances: deferRead(
                    t.db
                      .select({ substance: allergies.substance })
                      .from(allergies)
                      .where(inArray(allergies.patientId, ids))
                      .orderBy(asc(allergies.substance)),
                    (rows) => rows.map((r) => r.substance),
                  ),
                },
                [],
                ({ substances }) => ({ people: ids.length, substances }),
              ),
      );
    const log = recordStatements(t.database);
    const read = await readInTwoSteps(t.db, {
      family: allergiesOf(family),
      nobody: allergiesOf(`${family}-nobody`),
      givenNames: oneStepRead(
        deferRead(
          t.db.select({ n: patients.givenName }).from(patients).where(eq(patients.familyName, family)).orderBy(asc(patients.givenName)),
          (rows) => rows.map((r) => r.n),
        ),
      ),
      withCount: withMoreReads(
        allergiesOf(family),
        (ids) => ({
          first: deferRead(
            t.db.select({ id: patients.id }).from(patients).where(inArray(patients.id, ids)).limit(1),
            (rows) => rows.length,
          ),
        }),
        (value, more) => ({ ...value, more: more.first }),
      ),
    });
    expect(log.count()).toBe(2);
    expect(read).toEqual({
      family: { people: 2, substances: ['latex'] },
      nobody: { people: 0, substances: [] },
      givenNames: ['Ana', 'Bea'],
      withCount: { people: 2, substances: ['latex'], more: 1 },
    });

    // Only parts that answer after their first step: one statement in all.
    log.reset();
    expect(await readInTwoSteps(t.db, { nobody: allergiesOf(`${family}-nobody`) })).toEqual({ nobody: { people: 0, substances: [] } });
    expect(log.count()).toBe(1);
  });
});
