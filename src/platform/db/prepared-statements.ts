import { createHash } from 'node:crypto';
import pg from 'pg';

/**
 * Every parameterised statement is sent as a NAMED prepared statement, once per connection.
 *
 * Why: node-postgres sends queries unnamed, so PostgreSQL parses, rewrites and plans each one anew
 * on every call. The app's larger statements (the JSON reads of `readTogether`, the access
 * decision) cost more to plan than to run: the signing checks' facts took 2.4 ms to plan and 1.5 ms
 * to execute (EXPLAIN ANALYZE, PostgreSQL 15, 2026-12-04). A named statement is parsed once per
 * connection; after five runs PostgreSQL keeps a generic plan when it is no worse than a custom
 * one, and that statement then took 1.1 ms in all. The SQL text is also not sent again.
 *
 * The name is a hash of the text, so one name is never used for two texts (node-postgres refuses
 * that). Only statements with parameters are named: they are single statements (the extended
 * protocol), while parameterless text may hold several (migrations, `exec`). A connection keeps
 * at most MAX_NAMED_PER_CONNECTION statements; past that, queries go unnamed as before, so a
 * statement whose text varies without end (an IN list of every length) cannot grow a backend's
 * memory without bound. Behind a connection pooler in transaction mode, use one that supports
 * prepared statements (PgBouncer 1.21 or later, `max_prepared_statements`).
 */
export const MAX_NAMED_PER_CONNECTION = 500;

type QueryConfigLike = { text?: unknown; name?: unknown; values?: unknown; submit?: unknown };

const namesByText = new Map<string, string>();
const MAX_REMEMBERED_NAMES = 5_000;

/** A stable short name for a statement's text (remembered, so the hash is computed once per text). */
export function statementName(text: string): string {
  let name = namesByText.get(text);
  if (name === undefined) {
    name = `cw_${createHash('sha1').update(text).digest('base64url').slice(0, 22)}`;
    if (namesByText.size >= MAX_REMEMBERED_NAMES) namesByText.clear();
    namesByText.set(text, name);
  }
  return name;
}

export class PreparingClient extends pg.Client {
  readonly #named = new Set<string>();

  override query(...args: unknown[]): never {
    const [first, second] = args;
    const named = this.#withName(first, second);
    if (named !== first) args[0] = named;
    return (super.query as (...a: unknown[]) => never)(...args);
  }

  /** The same query config with a name, or the argument itself when it stays unnamed. */
  #withName(first: unknown, second: unknown): unknown {
    if (first === null || typeof first !== 'object') return first;
    const config = first as QueryConfigLike;
    // A Query or Cursor object (has submit) is passed through untouched, as is a named query.
    if (typeof config.text !== 'string' || config.name !== undefined || typeof config.submit === 'function') return first;
    const values = Array.isArray(second) ? second : config.values;
    if (!Array.isArray(values) || values.length === 0) return first;
    const name = statementName(config.text);
    if (!this.#named.has(name)) {
      if (this.#named.size >= MAX_NAMED_PER_CONNECTION) return first;
      this.#named.add(name);
    }
    return { ...config, name };
  }
}
