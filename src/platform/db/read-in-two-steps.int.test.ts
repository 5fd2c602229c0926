import { randomUUID } from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createAccount } from '../../../test/helpers/actors.js';
import { addConfirmedAllergy } from '../../../test/helpers/patients.js';
import { useTestApp } from '../../../test/helpers/app.js';
import { recordStatements } from '../../../test/helpers/statement-log.js';
import { allergies, patients } from '../../modules/patients/index.js';
import { idListValue, isAnyId } from './id-lists.js';
import { oneStepRead, preparedRead, readInTwoSteps, secondStep, twoStepRead, withMoreReads } from './read-in-two-steps.js';
import { deferRead } from './read-together.js';

/**
 * Several lists whose second part depends on their first (ids, then rows): every first step in
 * one statement, every second step in one more, each part answering exactly as run alone, and each statement built once per shape.
 */
describe('readInTwoSteps', () => {
  const t = useTestApp();

  it('reads every first step together, then every second step together, and skips a part that answered at once', async () => {
    const family = `Steps${randomUUID()}`;
    const ana = await createAccount(t, { role: 'patient', givenName: 'Ana', familyName: family });
    await createAccount(t, { role: 'patient', givenName: 'Bea', familyName: family });
    await addConfirmedAllergy(t, ana.patientId!);

    // A family's ids, then their allergies with the count of them; a family of nobody answers at once.
    // Every step is written with placeholders (`param`) and built once per key.
    const allergiesOf = (familyName: string) =>
      twoStepRead(
        preparedRead(
          'test.family',
          (db, param) =>
            deferRead(
              db
                .select({ id: patients.id })
                .from(patients)
                .where(eq(patients.familyName, param('family'))),
              (rows) => rows.map((r) => r.id),
            ),
          { family: familyName },
        ),
        (ids) =>
          ids.length === 0
            ? { value: { people: 0, substances: [] as string[] } }
            : secondStep(
                {
                  key: 'test.substances',
                  build: (db, param) => ({
                    substances: deferRead(
                      db
                        .select({ substance: allergies.substance })
                        .from(allergies)
                        .where(isAnyId(allergies.patientId, param('ids')))
                        .orderBy(asc(allergies.substance)),
                      (rows) => rows.map((r) => r.substance),
                    ),
                  }),
                  values: { ids: idListValue(ids) },
                },
                ({ substances }) => ({ people: ids.length, substances }),
              ),
      );
    const givenNamesOf = (familyName: string) =>
      oneStepRead(
        preparedRead(
          'test.given_names',
          (db, param) =>
            deferRead(
              db
                .select({ n: patients.givenName })
                .from(patients)
                .where(eq(patients.familyName, param('family')))
                .orderBy(asc(patients.givenName)),
              (rows) => rows.map((r) => r.n),
            ),
          { family: familyName },
        ),
      );
    const withCountOf = (familyName: string) =>
      withMoreReads(
        allergiesOf(familyName),
        (ids) => ({
          key: 'test.first_of',
          build: (db, param) => ({
            first: deferRead(
              db
                .select({ id: patients.id })
                .from(patients)
                .where(isAnyId(patients.id, param('ids')))
                .limit(1),
              (rows) => rows.length,
            ),
          }),
          values: { ids: idListValue(ids) },
        }),
        (value, more) => ({ ...value, more: more?.first ?? 0 }),
      );
    const log = recordStatements(t.database);
    const read = await readInTwoSteps(t.db, {
      family: allergiesOf(family),
      nobody: allergiesOf(`${family}-nobody`),
      givenNames: givenNamesOf(family),
      withCount: withCountOf(family),
    });
    expect(log.count()).toBe(2);
    expect(read).toEqual({
      family: { people: 2, substances: ['latex'] },
      nobody: { people: 0, substances: [] },
      givenNames: ['Ana', 'Bea'],
      withCount: { people: 2, substances: ['latex'], more: 1 },
    });

    // The same shapes for another family: the statements built for the first keep none of its values.
    const other = `Other${randomUUID()}`;
    const cai = await createAccount(t, { role: 'patient', givenName: 'Cai', familyName: other });
    await addConfirmedAllergy(t, cai.patientId!, 'penicillin');
    log.reset();
    expect(
      await readInTwoSteps(t.db, {
        family: allergiesOf(other),
        nobody: allergiesOf(`${other}-nobody`),
        givenNames: givenNamesOf(other),
        withCount: withCountOf(other),
      }),
    ).toEqual({
      family: { people: 1, substances: ['penicillin'] },
      nobody: { people: 0, substances: [] },
      givenNames: ['Cai'],
      withCount: { people: 1, substances: ['penicillin'], more: 1 },
    });
    expect(log.count()).toBe(2);

    // Only parts that answer after their first step: one statement in all.
    log.reset();
    expect(await readInTwoSteps(t.db, { nobody: allergiesOf(`${family}-nobody`) })).toEqual({ nobody: { people: 0, substances: [] } });
    expect(log.count()).toBe(1);
  });
});
