import type { QueryWithTypings } from 'drizzle-orm';

/**
 * A statement BUILT ONCE (read-together.ts) with its constant text values written into the SQL as
 * literals; only the placeholders (the request's values) stay parameters.
 *
 * Why: Drizzle sends every value as a parameter, the code's constants too (`status = $3` with
 * 'signed'). PostgreSQL cannot use a partial index (`... where status = 'signed'`, `where action =
 * 'chart.read'`) in a plan made for any value of `$3`, so for such a statement the generic plan
 * costs more than a plan made for this execution's values, and PostgreSQL planned it again on
 * EVERY execution: the doctor's home's two statements spent 3.5 and 2.4 ms each time planning
 * against 0.4 and 2.7 ms running (PostgreSQL's log, 2026-12-07), and in a sweep of every page
 * planning was 38 % of the statements' time. With the constants in the text, the plan kept for the
 * named statement (prepared-statements.ts) can use those indexes, and PostgreSQL keeps it.
 *
 * Only strings are written in: the constants that partial indexes name are text, a string literal
 * takes its type from where it stands exactly as a parameter does, and quoting one is exact (`'`
 * doubled; standard_conforming_strings is on, PostgreSQL's default since 9.1). A built-once
 * statement's constants come from the code, never from a request (the request's values are
 * placeholders, which reach this list as objects), so this never writes a person's input into SQL text.
 */
export function inlineConstantStrings(query: QueryWithTypings): QueryWithTypings {
  const inlined = query.params.map((value) => (typeof value === 'string' ? literalOf(value) : null));
  if (inlined.every((literal) => literal === null)) return query;
  const renumbered: number[] = [];
  const params: unknown[] = [];
  const typings: NonNullable<QueryWithTypings['typings']> = [];
  query.params.forEach((value, i) => {
    if (inlined[i] !== null) return;
    params.push(value);
    if (query.typings) typings.push(query.typings[i]!);
    renumbered[i] = params.length;
  });
  const sql = replaceParameters(query.sql, (n) => inlined[n - 1] ?? `$${renumbered[n - 1]}`);
  return { sql, params, ...(query.typings ? { typings } : {}) };
}

function literalOf(value: string): string {
  if (value.includes('\0')) throw new Error('a SQL text value cannot hold a NUL character');
  return `'${value.replaceAll("'", "''")}'`;
}

/**
 * Rewrites each parameter reference `$n` of a statement's text, leaving alone what only looks like
 * one: quoted strings ('…', E'…' with backslash escapes, $tag$…$tag$), quoted names ("…") and comments.
 */
export function replaceParameters(text: string, replace: (n: number) => string): string {
  let out = '';
  let i = 0;
  const copyUntil = (end: number) => {
    out += text.slice(i, end);
    i = end;
  };
  while (i < text.length) {
    const c = text[i]!;
    const next = text[i + 1];
    if (c === "'") {
      const escapes = /[Ee]/.test(text[i - 1] ?? '') && !/[A-Za-z0-9_$]/.test(text[i - 2] ?? '');
      copyUntil(endOfQuoted(text, i, "'", escapes));
    } else if (c === '"') {
      copyUntil(endOfQuoted(text, i, '"', false));
    } else if (c === '-' && next === '-') {
      const end = text.indexOf('\n', i);
      copyUntil(end === -1 ? text.length : end);
    } else if (c === '/' && next === '*') {
      const end = text.indexOf('*/', i + 2);
      copyUntil(end === -1 ? text.length : end + 2);
    } else if (c === '$' && !/[A-Za-z0-9_$]/.test(text[i - 1] ?? '')) {
      const parameter = /^\$(\d+)/.exec(text.slice(i, i + 12));
      const tag = parameter ? null : /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(text.slice(i, i + 64));
      if (parameter) {
        out += replace(Number(parameter[1]));
        i += parameter[0].length;
      } else if (tag) {
        const end = text.indexOf(tag[0], i + tag[0].length);
        copyUntil(end === -1 ? text.length : end + tag[0].length);
      } else copyUntil(i + 1);
    } else copyUntil(i + 1);
  }
  return out;
}

/** The index just past a quoted string or name starting at `start` (a doubled quote stays inside). */
function endOfQuoted(text: string, start: number, quote: string, backslashEscapes: boolean): number {
  let i = start + 1;
  while (i < text.length) {
    const c = text[i]!;
    if (backslashEscapes && c === '\\') i += 2;
    else if (c === quote && text[i + 1] === quote) i += 2;
    else if (c === quote) return i + 1;
    else i += 1;
  }
  return text.length;
}
