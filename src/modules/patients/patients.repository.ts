import { and, asc, desc, eq, gt, isNull, or, Placeholder, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { AuditedAccess, AuditedPatients, PreparedAuditedPatients } from '../../platform/audit/audit.service.js';
import type { Db } from '../../platform/db/database.js';
import { unionAll } from 'drizzle-orm/pg-core';
import { allergies, patients } from './patients.tables.js';
import { isAnyId } from '../../platform/db/id-lists.js';

export type PatientRow = typeof patients.$inferSelect;
export type NewPatient = Omit<typeof patients.$inferInsert, 'id' | 'mrn' | 'version' | 'createdAt' | 'updatedAt'>;
export type PatientChanges = Partial<Omit<typeof patients.$inferInsert, 'id' | 'mrn' | 'userId' | 'version' | 'createdAt' | 'updatedAt'>>;

/** Inserts a patient with the next MRN from the sequence. */
export async function insertPatient(db: Db, values: NewPatient, now: Date): Promise<PatientRow> {
  const [row] = await db
    .insert(patients)
    .values({ ...values, mrn: sql`nextval('patient_mrn_seq')::text`, createdAt: now, updatedAt: now })
    .returning();
  return row!;
}

/** What a registration sets on the new patient (the MRN comes from its sequence). */
export type PatientInsertValues = Required<
  Pick<NewPatient, 'givenName' | 'familyName' | 'birthDate' | 'sex' | 'phone' | 'email' | 'address' | 'preferredLanguage'>
> & { id: string; now: Date };

/**
 * Inserts a patient together with other rows that must exist with it (its audit row, its link
 * code), in ONE statement: the others run as data-modifying WITH clauses, so the whole write is
 * atomic without a transaction and costs one round trip. The id is chosen by the caller so the
 * other rows can name the patient. The statement is BUILT ONCE per database handle (every value a
 * placeholder: the patient's by their names, the others' by theirs), so drizzle does not build the
 * insert again for each registration (the largest share of a registration's CPU, issue 11).
 */
export function preparedPatientInsertWith<P extends string>(
  name: string,
  alongside: (db: Db, param: (name: P) => Placeholder) => SQLWrapper[],
): (db: Db, values: PatientInsertValues & Record<P, unknown>) => Promise<PatientRow> {
  const built = new WeakMap<Db, ReturnType<typeof build>>();
  function build(db: Db) {
    const param = (key: string) => sql.placeholder(key);
    const withClauses = alongside(db, param).map((insert, i) => db.$with(`alongside_${i}`, {}).as(insert.getSQL()));
    const columns = ['id', 'givenName', 'familyName', 'birthDate', 'sex', 'phone', 'email', 'address', 'preferredLanguage'] as const;
    return db
      .with(...withClauses)
      .insert(patients)
      .values({
        ...(Object.fromEntries(columns.map((key) => [key, param(key)])) as unknown as NewPatient),
        mrn: sql`nextval('patient_mrn_seq')::text`,
        createdAt: param('now'),
        updatedAt: param('now'),
      })
      .returning()
      .prepare(name);
  }
  return async (db, values) => {
    let prepared = built.get(db);
    if (!prepared) built.set(db, (prepared = build(db)));
    const [row] = await prepared.execute(values);
    return row!;
  };
}

export async function findPatientById(db: Db, patientId: string): Promise<PatientRow | undefined> {
  const [row] = await selectPatientById(db, patientId);
  return row;
}

/** The patient with this id (none or one row), not run yet; the id may be a placeholder of a statement built once. */
export function selectPatientById(db: Db, patientId: string | Placeholder) {
  return db.select().from(patients).where(eq(patients.id, patientId)).limit(1);
}

/** Attaches a portal account to a front-desk record, only if none is attached yet. */
export async function attachAccount(db: Db, patientId: string, userId: string, now: Date): Promise<boolean> {
  const rows = await db
    .update(patients)
    .set({ userId, updatedAt: now, version: sql`${patients.version} + 1` })
    .where(and(eq(patients.id, patientId), isNull(patients.userId)))
    .returning({ id: patients.id });
  return rows.length === 1;
}

/**
 * Applies changes only if the record is still at `version` (optimistic concurrency); undefined
 * means someone changed it in between.
 */
export async function updatePatient(
  db: Db,
  access: AuditedAccess,
  version: number,
  changes: PatientChanges,
  now: Date,
): Promise<PatientRow | undefined> {
  const [row] = await db
    .update(patients)
    .set({ ...changes, updatedAt: now, version: sql`${patients.version} + 1` })
    .where(and(eq(patients.id, access.patientId), eq(patients.version, version)))
    .returning();
  return row;
}

export async function countActiveAllergies(db: Db, access: AuditedAccess): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(allergies)
    .where(and(eq(allergies.patientId, access.patientId), eq(allergies.status, 'active')));
  return row?.n ?? 0;
}

const fullName = sql`lower(${patients.givenName} || ' ' || ${patients.familyName})`;

/**
 * Possible duplicates of a new registration: the same birth date and a similar name (trigram
 * similarity above 0.4), or the same family name and given-name initial.
 */
export async function findDuplicateCandidates(db: Db, input: { givenName: string; familyName: string; birthDate: string }) {
  const candidate = `${input.givenName} ${input.familyName}`.toLowerCase();
  return db
    .select({
      id: patients.id,
      mrn: patients.mrn,
      givenName: patients.givenName,
      familyName: patients.familyName,
      birthDate: patients.birthDate,
    })
    .from(patients)
    .where(
      and(
        eq(patients.birthDate, input.birthDate),
        or(
          sql`similarity(${fullName}, ${candidate}) > 0.4`,
          and(
            sql`lower(${patients.familyName}) = ${input.familyName.toLowerCase()}`,
            sql`lower(left(${patients.givenName}, 1)) = ${input.givenName.slice(0, 1).toLowerCase()}`,
          ),
        ),
      ),
    )
    .orderBy(asc(patients.mrn))
    .limit(10);
}

export type SearchMode =
  { kind: 'all' } | { kind: 'birthDate'; value: string } | { kind: 'mrn'; value: string } | { kind: 'name'; value: string };

/** Where the next page starts: after a (rank, id) key, or — for name search — after a number of rows. */
export type SearchPage = { limit: number; after?: { rank: number; id: string }; offset?: number };

/** Terms shorter than a trigram cannot use the trigram indexes: they match as a substring instead. */
export function isIndexedNameSearch(mode: SearchMode): boolean {
  return mode.kind === 'name' && mode.value.trim().length >= 3;
}

/**
 * Names, MRNs or birth dates, ranked (exact matches 1, names by trigram word similarity).
 *
 * A name search of three or more letters is `indexedNameSearch`: only the page returned is read
 * and ranked, so its cost does not grow with the number of patients or of matches, and its pages
 * are counted (offset) rather than keyed. Every other search is keyset-paginated by (rank desc, id).
 */
export function searchPatients(db: Db, mode: SearchMode, page: SearchPage) {
  if (mode.kind === 'name' && isIndexedNameSearch(mode)) {
    const needle = mode.value.toLowerCase();
    return indexedNameSearch(db, nameSearchTerms(needle, page.offset ?? 0, page.limit + 1), nameSearchShapeOf(needle));
  }
  let rank: SQL<number>;
  let filter: SQL | undefined;
  if (mode.kind === 'birthDate') {
    rank = sql<number>`1::real`;
    filter = eq(patients.birthDate, mode.value);
  } else if (mode.kind === 'mrn') {
    rank = sql<number>`(case when ${patients.mrn} = ${mode.value} then 1 else 0.5 end)::real`;
    filter = sql`${patients.mrn} like ${`${escapeLike(mode.value)}%`}`;
  } else if (mode.kind === 'name') {
    const needle = mode.value.toLowerCase();
    rank = sql<number>`word_similarity(${needle}, ${fullName})::real`;
    filter = sql`${fullName} like ${`%${escapeLike(needle)}%`}`;
  } else {
    rank = sql<number>`0::real`;
  }
  const after = page.after
    ? or(sql`${rank} < ${page.after.rank}::real`, and(sql`${rank} = ${page.after.rank}::real`, gt(patients.id, page.after.id)))
    : undefined;
  return db
    .select({ ...summaryColumns, rank: rank.as('rank') })
    .from(patients)
    .where(and(filter, after))
    .orderBy(desc(rank), asc(patients.id))
    .limit(page.limit + 1);
}

const summaryColumns = {
  id: patients.id,
  mrn: patients.mrn,
  givenName: patients.givenName,
  familyName: patients.familyName,
  birthDate: patients.birthDate,
  sex: patients.sex,
  unidentified: patients.unidentified,
  approximateAge: patients.approximateAge,
  unidentifiedSince: patients.unidentifiedSince,
};

/** A name search's values; each may be a placeholder of a statement built once. */
export interface NameSearchTerms {
  /** The term, lower case, three letters or more. */
  needle: string | Placeholder;
  /** The first string after every string that begins with the term, in byte order. */
  needleEnd: string | Placeholder;
  offset: number | Placeholder;
  /** How many rows each part may give: offset + take. */
  reach: number | Placeholder;
  take: number | Placeholder;
}

/** The values of a search for `needle` (lower case): `take` rows from `offset`. */
export function nameSearchTerms(needle: string, offset: number, take: number): NameSearchTerms {
  return { needle, needleEnd: firstAfterPrefix(needle), offset, reach: offset + take, take };
}

/**
 * The least string greater than every string that begins with `prefix`, in code-point order (which
 * is UTF-8's byte order, the "C" collation's): the prefix with its last code point moved on by one.
 * So "begins with" is the range [prefix, end) of a B-tree, a range PostgreSQL reads as such in a
 * plan made without the values (LIKE 'term%' gives a range only when the term is known at planning).
 */
export function firstAfterPrefix(prefix: string): string {
  const points = Array.from(prefix);
  while (points.length > 0) {
    const next = points.pop()!.codePointAt(0)! + 1;
    // Surrogate code points are not characters: the one after U+D7FF is U+E000.
    if (next <= 0x10ffff) return points.join('') + String.fromCodePoint(next === 0xd800 ? 0xe000 : next);
  }
  // Only U+10FFFF (no code point follows it): the range then leaves out names that go on with U+10FFFF, which no name does.
  return `${prefix}\u{10FFFF}`;
}

// The family and given names as the name search's B-tree indexes hold them (patients.tables.ts):
// byte order ("C"), so that the names that begin with a term are a range and a name sorts before its extensions.
const familyKey = sql`(lower(${patients.familyName}) collate "C")`;
const givenKey = sql`(lower(${patients.givenName}) collate "C")`;

/**
 * How a name search reads: one name ("Smith") as a name the patients' names are or begin with, then
 * by similarity; several words ("Amira Smith") as a whole name, by similarity alone (the trigram
 * index finds the whole name at distance 0; a family or given name of two words, "van der Berg", is
 * found by similarity too, and the B-tree parts would cost a whole name some 40 % more for nothing).
 */
export type NameSearchShape = 'oneName' | 'wholeName';
export function nameSearchShapeOf(needle: string): NameSearchShape {
  return /\s/.test(needle) ? 'wholeName' : 'oneName';
}

/**
 * A name search of three letters or more, not run yet, in order of how well each name matches. For
 * one name:
 *   1. the family name is the term, then 2. the given name is (both: word similarity 1);
 *   3. the family name begins with the term, then 4. the given name does (the next best similarity
 *      a name can have: every trigram of the term but its last);
 *   5. every other name similar to the term (`<%`), nearest first (`<<->`, the GiST trigram index).
 * Parts 1–4 are ranges of B-tree indexes, each read in its own order (names alphabetically). The
 * parts are one UNION ALL under the page's LIMIT: PostgreSQL's Append reads them in turn and stops
 * once the page is full, so a term that many names begin with ("Smith") is answered from the
 * B-tree alone and the trigram walk, which costs about a millisecond then, runs only when parts 1–4
 * cannot fill the page. Each part reads at most `reach` rows, so no page reads more than
 * offset + take rows of any part, however many patients match. A whole name is part 5 alone.
 */
export function indexedNameSearch(db: Db, s: NameSearchTerms, shape: NameSearchShape) {
  // `<%` matches at the threshold every connection is opened with (database.ts: 0.3, loose enough
  // for "Smyth" → "Smith"). The term is read through a sub-select, so PostgreSQL plans without it:
  // with it, it estimates `<%`'s selectivity by trying the term on the column's statistics
  // (0.3–0.4 ms). For one name every value is: with the values it would plan the five parts anew on
  // every search (0.8 ms at 100,000 patients, three times the search), since a plan made with them
  // looks cheaper than the kept one. Without them both plans cost the same, so it keeps one.
  const known = <T>(value: T | Placeholder, type: 'text' | 'int') => sql<T>`(select ${value}::${sql.raw(type)})`;
  const term = known(s.needle, 'text');
  const distance = sql`(${term} <<-> ${fullName})`;
  const columns = { ...summaryColumns, rank: sql<number>`(1 - ${distance})::real`.as('rank') };
  const similar = sql`${term} <% ${fullName}`;
  if (shape === 'wholeName') return db.select(columns).from(patients).where(similar).orderBy(distance).offset(s.offset).limit(s.take);
  // Drizzle types LIMIT and OFFSET as numbers or placeholders; it writes any SQL it is given there.
  const count = (value: number | Placeholder) => known(value, 'int') as unknown as number;
  const part = (where: SQL, ...order: (SQL | typeof patients.id)[]) =>
    db
      .select(columns)
      .from(patients)
      .where(where)
      .orderBy(...order)
      .limit(count(s.reach));
  const end = known(s.needleEnd, 'text');
  const is = (key: SQL) => sql`${key} = ${term}`;
  const beginsWith = (key: SQL) => sql`(${key} >= ${term} and ${key} < ${end})`;
  return unionAll(
    part(is(familyKey), givenKey, patients.id),
    part(sql`${is(givenKey)} and not ${is(familyKey)}`, familyKey, patients.id),
    part(sql`${familyKey} > ${term} and ${beginsWith(familyKey)} and not ${is(givenKey)}`, familyKey, givenKey, patients.id),
    part(sql`${givenKey} > ${term} and ${beginsWith(givenKey)} and not ${beginsWith(familyKey)}`, givenKey, familyKey, patients.id),
    part(sql`${similar} and not ${beginsWith(familyKey)} and not ${beginsWith(givenKey)}`, distance),
  )
    .offset(count(s.offset))
    .limit(count(s.take));
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Recording an active allergy makes the allergy status "has allergies" (a change: the version moves). */
export async function markHasAllergies(db: Db, access: AuditedAccess, now: Date): Promise<void> {
  await db
    .update(patients)
    .set({ allergyStatus: 'has_allergies', updatedAt: now, version: sql`${patients.version} + 1` })
    .where(and(eq(patients.id, access.patientId), sql`${patients.allergyStatus} <> 'has_allergies'`));
}

/**
 * Names and MRNs (registration tier) of the patients an audited view shows, in one query: only
 * the patients its audit token names.
 */
export function selectPatientLabels(db: Db, audited: AuditedPatients | AuditedAccess | PreparedAuditedPatients) {
  // A statement built once reads the patients of its audit rows' own placeholder (`preparedPatientsAudit`).
  const ids =
    'patientIds' in audited
      ? audited.patientIds instanceof Placeholder
        ? audited.patientIds
        : [...audited.patientIds]
      : [audited.patientId];
  // No patient shown: `false` reads nothing (an empty IN list is not valid SQL).
  return db
    .select({
      id: patients.id,
      givenName: patients.givenName,
      familyName: patients.familyName,
      mrn: patients.mrn,
      unidentified: patients.unidentified,
      sex: patients.sex,
      approximateAge: patients.approximateAge,
      unidentifiedSince: patients.unidentifiedSince,
    })
    .from(patients)
    .where(isAnyId(patients.id, ids));
}
