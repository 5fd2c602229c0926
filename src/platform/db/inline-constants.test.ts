import { describe, expect, it } from 'vitest';
import { inlineConstantStrings, replaceParameters } from './inline-constants.js';

const placeholder = { name: 'patientId' }; // stands for a placeholder: an object in the params

describe('inlineConstantStrings', () => {
  it('writes the constant strings in as literals and renumbers the parameters left', () => {
    const query = inlineConstantStrings({
      sql: 'select * from t where a = $1 and status = $2 and b = any($3) and kind in ($4, $5) limit $6',
      params: [placeholder, 'signed', placeholder, 'a', "it's", 20],
      typings: ['none', 'none', 'uuid', 'none', 'none', 'none'],
    });
    expect(query).toEqual({
      sql: "select * from t where a = $1 and status = 'signed' and b = any($2) and kind in ('a', 'it''s') limit $3",
      params: [placeholder, placeholder, 20],
      typings: ['none', 'uuid', 'none'],
    });
  });

  it('leaves a statement without constant strings as it is', () => {
    const query = { sql: 'select $1, $2', params: [placeholder, 3] };
    expect(inlineConstantStrings(query)).toBe(query);
  });

  it('keeps $10 and above whole', () => {
    const params = Array.from({ length: 12 }, (_, i) => (i === 0 ? 'first' : placeholder));
    const sql = params.map((_, i) => `$${i + 1}`).join(',');
    expect(inlineConstantStrings({ sql, params }).sql).toBe("'first',$1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11");
  });

  it('refuses a NUL character (PostgreSQL text cannot hold one)', () => {
    expect(() => inlineConstantStrings({ sql: 'select $1', params: ['a\0b'] })).toThrow(/NUL/);
  });
});

describe('replaceParameters', () => {
  const mark = (text: string) => replaceParameters(text, (n) => `<${n}>`);

  it('skips what only looks like a parameter: strings, escape strings, dollar quotes, names and comments', () => {
    expect(mark(`select $1, '$2', 'it''s $3', E'a\\'$4', $$ $5 $$, $q$ $6 $q$, "col$7", x -- $8\n, $9 /* $10 */`)).toBe(
      `select <1>, '$2', 'it''s $3', E'a\\'$4', $$ $5 $$, $q$ $6 $q$, "col$7", x -- $8\n, <9> /* $10 */`,
    );
  });

  it('does not read a name ending in $ or a dollar inside a name as a parameter', () => {
    expect(mark('select abc$1, $2')).toBe('select abc$1, <2>');
  });
});
