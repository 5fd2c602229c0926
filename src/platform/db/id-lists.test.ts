import { PgDialect, pgTable, uuid } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { idListValue, isAnyId, textListValue } from './id-lists.js';

const things = pgTable('things', { id: uuid('id') });
const textOf = (ids: string[]) => new PgDialect().sqlToQuery(isAnyId(things.id, ids));

describe('isAnyId', () => {
  it('sends any number of ids as one array parameter, so the statement text never changes', () => {
    const one = textOf(['00000000-0000-4000-8000-000000000001']);
    const two = textOf(['00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-0000000000AB']);
    expect(one.sql).toBe('"things"."id" = any($1::uuid[])');
    expect(two.sql).toBe(one.sql);
    expect(two.params).toEqual(['{00000000-0000-4000-8000-000000000001,00000000-0000-4000-8000-0000000000AB}']);
    expect(textOf([])).toEqual({ sql: 'false', params: [] });
  });

  it('refuses anything that is not a UUID, so nothing else can be written into the array literal', () => {
    expect(() => textOf(['00000000-0000-4000-8000-000000000001,00000000-0000-4000-8000-000000000002'])).toThrow(TypeError);
    expect(() => textOf(['{}'])).toThrow(TypeError);
    expect(() => textOf([''])).toThrow(TypeError);
  });

  it('takes a placeholder in a statement built once: the same text, the list filled by idListValue', () => {
    const built = new PgDialect().sqlToQuery(isAnyId(things.id, sql.placeholder('ids')));
    expect(built.sql).toBe('"things"."id" = any($1::uuid[])');
    expect(idListValue(['00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000001'])).toBe(
      '{00000000-0000-4000-8000-000000000001}',
    );
    expect(idListValue([])).toBe('{}');
    expect(() => idListValue(['00000000-0000-4000-8000-000000000001,00000000-0000-4000-8000-000000000002'])).toThrow(TypeError);
  });
});

describe('textListValue', () => {
  it('quotes every code, so a comma, a brace or a quote stays inside its element', () => {
    expect(textListValue(['8867-4', '59408-5'])).toBe('{"8867-4","59408-5"}');
    expect(textListValue(['a,b', '}', 'say "hi"', 'back\\slash'])).toBe('{"a,b","}","say \\"hi\\"","back\\\\slash"}');
    expect(textListValue([])).toBe('{}');
  });
});
