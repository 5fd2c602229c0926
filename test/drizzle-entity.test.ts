import { and, Column, eq, inArray, is, Param, Placeholder, SQL, sql, StringChunk, Subquery, Table, View } from 'drizzle-orm';
import * as drizzleEntity from 'drizzle-orm/entity';
import { drizzle } from 'drizzle-orm/node-postgres';
import { integer, PgColumn, PgTable, pgTable, PgTimestamp, pgView, PgUUID, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';

// The server bundle replaces drizzle-orm's entity.js with this file (scripts/build.mjs): it must
// give drizzle's answers, and export what drizzle's exports.
const BUNDLED_ENTITY = '../scripts/bundle/drizzle-entity.js';
const bundled = (await import(BUNDLED_ENTITY)) as typeof drizzleEntity;

const visits = pgTable('visits', {
  id: uuid('id').primaryKey(),
  patientId: uuid('patient_id').notNull(),
  startsAt: timestamp('starts_at', { withTimezone: true }),
  note: text('note'),
  count: integer('count'),
});
const recent = pgView('recent_visits').as((qb) => qb.select().from(visits));
const db = drizzle.mock();

/** One value of every kind a query is built from. */
function entities(): unknown[] {
  const query = db
    .select({ id: visits.id })
    .from(visits)
    .where(and(eq(visits.patientId, 'p'), inArray(visits.id, ['a', 'b'])));
  const fragment = sql`select ${visits.id} from ${visits} where ${visits.note} = ${'x'} and ${visits.count} = ${sql.placeholder('n')}`;
  return [
    visits,
    visits.id,
    visits.startsAt,
    visits.note,
    visits.count,
    recent,
    query,
    query.as('q'),
    query.getSQL(),
    fragment,
    ...fragment.queryChunks,
    new Param(1),
    sql.placeholder('p'),
    sql.raw('now()'),
    sql.identifier('x'),
    new StringChunk('a'),
    {},
    Object.create(null),
    [],
    'text',
    1,
    null,
    undefined,
  ];
}

/** The answer, or the error's kind when it throws (drizzle throws on an object without a prototype). */
function answer(check: () => boolean): boolean | string {
  try {
    return check();
  } catch (error) {
    return `throws ${(error as Error).name}`;
  }
}

const TYPES = [SQL, Column, Table, View, Param, Placeholder, StringChunk, Subquery, PgColumn, PgTable, PgUUID, PgTimestamp, SQL.Aliased];

describe('the bundled drizzle entity check', () => {
  it('exports what drizzle-orm/entity exports', () => {
    expect(Object.keys(bundled).sort()).toEqual(Object.keys(drizzleEntity).sort());
    expect(bundled.entityKind).toBe(drizzleEntity.entityKind);
    expect(bundled.hasOwnEntityKind).toBe(drizzleEntity.hasOwnEntityKind);
  });

  it('answers as drizzle does for every kind of value and type, asked twice (the second answer remembered)', () => {
    const values = entities();
    for (let round = 0; round < 2; round++) {
      for (const value of values) {
        for (const type of TYPES) {
          const expected = answer(() => is(value, type));
          expect(
            answer(() => bundled.is(value, type)),
            `${type.name} of ${typeof value}`,
          ).toBe(expected);
        }
      }
    }
    // And some answers are yes: the comparison is not all "no".
    expect(bundled.is(visits.id, Column)).toBe(true);
    expect(bundled.is(visits, Table)).toBe(true);
    expect(bundled.is(visits.id, SQL)).toBe(false);
  });

  it('recognises an entity of another copy of drizzle by its kind, as drizzle does (no instanceof)', () => {
    // A class from a second copy of the package: same kind symbol and value, different class.
    class OtherCopyColumn {
      static readonly [drizzleEntity.entityKind] = (Column as unknown as Record<symbol, string>)[drizzleEntity.entityKind];
    }
    const foreign = new OtherCopyColumn();
    expect(is(foreign, Column)).toBe(true);
    expect(bundled.is(foreign, Column)).toBe(true);
    expect(bundled.is(foreign, Table)).toBe(false);
  });

  it('refuses a class that is not a drizzle entity, as drizzle does', () => {
    class NotAnEntity {}
    const notAnEntity = NotAnEntity as unknown as typeof Column;
    expect(() => is({}, notAnEntity)).toThrow(/doesn't look like a Drizzle entity/);
    expect(() => bundled.is({}, notAnEntity)).toThrow(/doesn't look like a Drizzle entity/);
  });
});
