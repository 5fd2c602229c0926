import type { SQLWrapper } from 'drizzle-orm';
import type { Db } from './database.js';
import { readTogether, type DeferredRead, type ReadResults } from './read-together.js';

/**
 * Reads whose second part depends on their first (a list's patient ids, then the rows shown with
 * their audit rows), several of them in TWO statements in all: every first step together, then
 * every second step with every audit row together (`readInTwoSteps`).
 *
 * Why: a page made of several audited lists (the doctor's home: today's visits, assigned patients,
 * tasks) paid two round trips per list; on a pooled PostgreSQL connection the round trips were
 * the cost (issue 11). Each module still writes its own queries and decides what its second step
 * reads and audits; the page only names the parts.
 */

/** Step two: reads, the audit rows that travel with them, and how the part's answer is made from them. */
export interface SecondStep<R extends Record<string, DeferredRead<unknown>>, T> {
  reads: R;
  writes?: readonly (SQLWrapper | null)[];
  finish: (results: ReadResults<R>) => T;
}

/** A part read in two steps. Step two may answer at once (`{ value }`): an empty list reads nothing more. */
export interface TwoStepRead<T, F = unknown> {
  first: DeferredRead<F>;
  // A method (not a function property), so a part of any first answer fits TwoStepRead<T>. It may
  // wait for what costs no statement (cached reference data, e.g. which clinicians are in a department).
  second(first: F): SecondOrValue<T> | Promise<SecondOrValue<T>>;
}

type SecondOrValue<T> = ErasedSecondStep<T> | { value: T };

export function twoStepRead<F, T>(
  first: DeferredRead<F>,
  second: (first: F) => SecondOrValue<T> | Promise<SecondOrValue<T>>,
): TwoStepRead<T, F> {
  return { first, second };
}

export type ErasedSecondStep<T> = SecondStep<Record<string, DeferredRead<unknown>>, T>;

/** Runs a second step alone (one statement, or none when it answered at once). */
export async function runSecondStep<T>(db: Db, step: ErasedSecondStep<T> | { value: T }): Promise<T> {
  if ('value' in step) return step.value;
  return step.finish(await readTogether(db, step.reads, { writes: step.writes ?? [] }));
}

/**
 * Another module's part with more reads of its own in the second step, from the same first
 * answer (the records module adds the encounter opened from each of the calendar's appointments).
 */
export function withMoreReads<T, F, R extends Record<string, DeferredRead<unknown>>, U>(
  part: TwoStepRead<T, F>,
  more: (first: F) => R,
  combine: (value: T, more: ReadResults<R>) => U,
): TwoStepRead<U, F> {
  return twoStepRead<F, U>(part.first, async (first) => {
    const own = await part.second(first);
    const extra = more(first);
    const ownReads = 'value' in own ? {} : own.reads;
    if ('value' in own && Object.keys(extra).length === 0) return { value: combine(own.value, {} as ReadResults<R>) };
    const reads: Record<string, DeferredRead<unknown>> = {};
    for (const [key, read] of Object.entries(ownReads)) reads[`own.${key}`] = read;
    for (const [key, read] of Object.entries(extra)) reads[`more.${key}`] = read;
    const pick = (results: Record<string, unknown>, prefix: string) =>
      Object.fromEntries(
        Object.entries(results).flatMap(([key, value]) => (key.startsWith(prefix) ? [[key.slice(prefix.length), value]] : [])),
      );
    return {
      reads,
      writes: 'value' in own ? [] : (own.writes ?? []),
      finish: (results: Record<string, unknown>) =>
        combine('value' in own ? own.value : own.finish(pick(results, 'own.')), pick(results, 'more.') as ReadResults<R>),
    };
  });
}

/** Step two's reads, the audit rows sent with them, and the part's answer from their results (typed together). */
export function secondStep<R extends Record<string, DeferredRead<unknown>>, T>(
  reads: R,
  writes: readonly (SQLWrapper | null)[],
  finish: (results: ReadResults<R>) => T,
): ErasedSecondStep<T> {
  return { reads, writes, finish: finish as ErasedSecondStep<T>['finish'] };
}

/** A part whose first step is its whole answer (no patient data to audit, or a count). */
export function oneStepRead<T>(read: DeferredRead<T>): TwoStepRead<T> {
  return twoStepRead(read, (value) => ({ value }));
}

export type TwoStepResults<P extends Record<string, TwoStepRead<unknown>>> = {
  [K in keyof P]: P[K] extends TwoStepRead<infer T, infer _F> ? T : never;
};

/** Runs a single part on its own: the same two statements (or one) as within `readInTwoSteps`. */
export async function runTwoStepRead<T>(db: Db, part: TwoStepRead<T>): Promise<T> {
  return (await readInTwoSteps(db, { part })).part;
}

/**
 * Every part's first step in one statement, then every second step (reads and writes) in one
 * more; no transaction. The audit rows commit with the second statement's reads or not at all,
 * as with `readTogether`. When no part needs a second step, one statement in all.
 */
export async function readInTwoSteps<P extends Record<string, TwoStepRead<unknown>>>(db: Db, parts: P): Promise<TwoStepResults<P>> {
  const names = Object.keys(parts);
  const firsts = await readTogether(db, Object.fromEntries(names.map((name) => [name, parts[name]!.first])));
  const seconds = await Promise.all(names.map(async (name) => [name, await parts[name]!.second(firsts[name])] as const));
  const reads: Record<string, DeferredRead<unknown>> = {};
  const writes: (SQLWrapper | null)[] = [];
  for (const [name, step] of seconds) {
    if ('value' in step) continue;
    for (const [key, read] of Object.entries(step.reads)) reads[`${name}.${key}`] = read;
    writes.push(...(step.writes ?? []));
  }
  // (Writes without a read to travel with are refused by readTogether: never dropped here.)
  const needed = Object.keys(reads).length > 0 || writes.some((write) => write !== null);
  const results: Record<string, unknown> = needed ? await readTogether(db, reads, { writes }) : {};
  const out: Record<string, unknown> = {};
  for (const [name, step] of seconds) {
    out[name] =
      'value' in step
        ? step.value
        : step.finish(Object.fromEntries(Object.keys(step.reads).map((key) => [key, results[`${name}.${key}`]])));
  }
  return out as TwoStepResults<P>;
}
