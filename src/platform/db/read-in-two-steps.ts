import type { Placeholder, SQLWrapper } from 'drizzle-orm';
import type { Db } from './database.js';
import { preparedReadTogether, type DeferredRead, type ReadResults } from './read-together.js';
import { statementsByShape } from './statements-by-shape.js';

/**
 * Reads whose second part depends on their first (a list's patient ids, then the rows shown with
 * their audit rows), several of them in TWO statements in all: every first step together, then
 * every second step with every audit row together (`readInTwoSteps`). Each statement is BUILT
 * ONCE per shape: the parts write their reads with placeholders and give this request's values.
 *
 * Why: a page made of several audited lists (the doctor's home: today's visits, assigned patients,
 * tasks) paid two round trips per list; on a pooled PostgreSQL connection the round trips were
 * the cost (issue 11). Built per request, the two statements were then a fifth of the page's CPU
 * (drizzle writing their text again), so each is built once. Each module still writes its own
 * queries and decides what its second step reads and audits; the page only names the parts.
 */

/** Stands for one of the request's values in a step built once (`values` fills it). */
export type Param = (name: string) => Placeholder;

/**
 * Reads (and the writes that travel with them) written with `param` wherever a request's value
 * goes. `key` names everything else `build` depends on: it runs on a key's first use only, so
 * one key must always build the same reads, and their maps must not close over a request's values.
 */
export interface PreparedStep<R extends Record<string, DeferredRead<unknown>>> {
  key: string;
  build: (db: Db, param: Param) => R;
  writes?: (db: Db, param: Param) => readonly SQLWrapper[];
  values: Record<string, unknown>;
}

/** Step two: its reads and writes, and how the part's answer is made from the reads' results (per request). */
export interface SecondStep<R extends Record<string, DeferredRead<unknown>>, T> extends PreparedStep<R> {
  finish: (results: ReadResults<R>) => T;
}

export type ErasedSecondStep<T> = SecondStep<Record<string, DeferredRead<unknown>>, T>;

type SecondOrValue<T> = ErasedSecondStep<T> | { value: T };

/** A part read in two steps. Step two may answer at once (`{ value }`): an empty list reads nothing more. */
export interface TwoStepRead<T, F = unknown> {
  first: PreparedStep<{ rows: DeferredRead<F> }>;
  // A method (not a function property), so a part of any first answer fits TwoStepRead<T>. It may
  // wait for what costs no statement (cached reference data, e.g. which clinicians are in a department).
  second(first: F): SecondOrValue<T> | Promise<SecondOrValue<T>>;
}

/** A first step of one read, built once per `key`. */
export function preparedRead<F>(key: string, build: (db: Db, param: Param) => DeferredRead<F>, values: Record<string, unknown>) {
  return { key, build: (db: Db, param: Param) => ({ rows: build(db, param) }), values };
}

export function twoStepRead<F, T>(
  first: PreparedStep<{ rows: DeferredRead<F> }>,
  second: (first: F) => SecondOrValue<T> | Promise<SecondOrValue<T>>,
): TwoStepRead<T, F> {
  return { first, second };
}

/** Step two's reads and writes, built once per `key`, and the part's answer from their results (typed together). */
export function secondStep<R extends Record<string, DeferredRead<unknown>>, T>(
  step: PreparedStep<R>,
  finish: (results: ReadResults<R>) => T,
): ErasedSecondStep<T> {
  return { ...(step as unknown as PreparedStep<Record<string, DeferredRead<unknown>>>), finish: finish as ErasedSecondStep<T>['finish'] };
}

/** A part whose first step is its whole answer (no patient data to audit, or a count). */
export function oneStepRead<T>(first: PreparedStep<{ rows: DeferredRead<T> }>): TwoStepRead<T> {
  return twoStepRead(first, (value) => ({ value }));
}

/**
 * Another module's part with more reads of its own in the second step, from the same first
 * answer (the records module adds the encounter opened from each of the calendar's appointments).
 * `more` gives null when it has nothing to read.
 */
export function withMoreReads<T, F, R extends Record<string, DeferredRead<unknown>>, U>(
  part: TwoStepRead<T, F>,
  more: (first: F) => PreparedStep<R> | null,
  combine: (value: T, more: ReadResults<R> | null) => U,
): TwoStepRead<U, F> {
  return twoStepRead<F, U>(part.first, async (first) => {
    const own = await part.second(first);
    const extra = more(first);
    if ('value' in own && !extra) return { value: combine(own.value, null) };
    const steps: Record<string, PreparedStep<Record<string, DeferredRead<unknown>>>> = {};
    if (!('value' in own)) steps.own = own;
    if (extra) steps.more = extra;
    return {
      ...combinedStep(steps),
      finish: (results: Record<string, unknown>) => {
        const parts = splitResults(results, Object.keys(steps));
        return combine('value' in own ? own.value : own.finish(parts.own!), extra ? (parts.more as ReadResults<R>) : null);
      },
    };
  });
}

export type TwoStepResults<P extends Record<string, TwoStepRead<unknown>>> = {
  [K in keyof P]: P[K] extends TwoStepRead<infer T, infer _F> ? T : never;
};

/** Runs a single part on its own: the same two statements (or one) as within `readInTwoSteps`. */
export async function runTwoStepRead<T>(db: Db, part: TwoStepRead<T>): Promise<T> {
  return (await readInTwoSteps(db, { part })).part;
}

/** Runs a second step alone (one statement, or none when it answered at once). */
export async function runSecondStep<T>(db: Db, step: ErasedSecondStep<T> | { value: T }): Promise<T> {
  if ('value' in step) return step.value;
  return step.finish(await runStep(db, step));
}

/**
 * Every part's first step in one statement, then every second step (reads and writes) in one
 * more; no transaction. The audit rows commit with the second statement's reads or not at all,
 * as with `readTogether`. When no part needs a second step, one statement in all.
 */
export async function readInTwoSteps<P extends Record<string, TwoStepRead<unknown>>>(db: Db, parts: P): Promise<TwoStepResults<P>> {
  const names = Object.keys(parts);
  const firsts = splitResults(await runStep(db, combinedStep(Object.fromEntries(names.map((name) => [name, parts[name]!.first])))), names);
  const seconds = await Promise.all(names.map(async (name) => [name, await parts[name]!.second(firsts[name]!.rows)] as const));
  const steps = Object.fromEntries(seconds.filter(([, step]) => !('value' in step))) as Record<string, ErasedSecondStep<unknown>>;
  const results = Object.keys(steps).length > 0 ? splitResults(await runStep(db, combinedStep(steps)), Object.keys(steps)) : {};
  const out: Record<string, unknown> = {};
  for (const [name, step] of seconds) out[name] = 'value' in step ? step.value : step.finish(results[name]!);
  return out as TwoStepResults<P>;
}

type AnyStep = PreparedStep<Record<string, DeferredRead<unknown>>>;

/** Several parts' steps as one: reads and values named `<part>.<name>`, the key naming every part's shape. */
function combinedStep(steps: Record<string, AnyStep>): AnyStep {
  const names = Object.keys(steps);
  const within =
    (part: string, param: Param): Param =>
    (name) =>
      param(`${part}.${name}`);
  return {
    key: names.map((part) => `${part}(${steps[part]!.key})`).join(' '),
    build: (db, param) =>
      Object.fromEntries(
        names.flatMap((part) =>
          Object.entries(steps[part]!.build(db, within(part, param))).map(([name, read]) => [`${part}.${name}`, read]),
        ),
      ),
    writes: (db, param) => names.flatMap((part) => steps[part]!.writes?.(db, within(part, param)) ?? []),
    values: prefixedValues(steps, names),
  };
}

/** Every part's values under `<part>.<name>`: per request, so plain loops (flatMap's arrays were a page's 2 %). */
function prefixedValues(steps: Record<string, AnyStep>, names: readonly string[]): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const part of names) {
    const own = steps[part]!.values;
    for (const name in own) values[`${part}.${name}`] = own[name];
  }
  return values;
}

/** The results of a combined step, back by part (`<part>.<name>` → part → name). */
function splitResults(results: Record<string, unknown>, parts: readonly string[]): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = Object.fromEntries(parts.map((part) => [part, {}]));
  for (const [key, value] of Object.entries(results)) {
    const dot = key.indexOf('.');
    out[key.slice(0, dot)]![key.slice(dot + 1)] = value;
  }
  return out;
}

/** Every step's statement, by key. */
const statementFor = statementsByShape<(db: Db, values: Record<string, unknown>) => Promise<Record<string, unknown>>>();

/** Runs a step's statement, building it on its key's first use. */
async function runStep(db: Db, step: AnyStep): Promise<Record<string, unknown>> {
  const statement = statementFor(step.key, () =>
    preparedReadTogether<string, Record<string, DeferredRead<unknown>>>(step.build, { writes: step.writes ?? (() => []) }),
  );
  return statement(db, step.values);
}
