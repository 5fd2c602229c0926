import { and, asc, desc, eq, gt, isNull, or, Placeholder, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { AuditedAccess, AuditedPatients, PreparedAuditedPatients } from '../../platform/audit/audit.service.js';
import type { Db } from '../../platform/db/database.js';
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
 * A name search of three or more letters is answered by the GiST trigram index in order of
 * distance (`<<->`), filtered by `<%` (the same index): only the page returned is ranked, so its cost
 * does not grow with the number of patients or of matches. Rows of equal similarity come in the
 * index's order, which is stable, so name pages are counted (offset) rather than keyed. Every other
 * search is keyset-paginated by (rank desc, id).
 */
export function searchPatients(db: Db, mode: SearchMode, page: SearchPage) {
  if (mode.kind === 'name' && isIndexedNameSearch(mode))
    return indexedNameSearch(db, mode.value.toLowerCase(), page.offset ?? 0, page.limit + 1);
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

/**
 * A name search of three letters or more (lower case), `take` rows from `offset`, not run yet; the
 * values may be placeholders of a statement built once.
 */
export function indexedNameSearch(db: Db, needle: string | Placeholder, offset: number | Placeholder, take: number | Placeholder) {
  // `<%` matches at the threshold every connection is opened with (database.ts: 0.3, loose enough
  // for "Smyth" → "Smith"). The term is read through a sub-select so PostgreSQL plans without its
  // value: with the value it estimates `<%`'s selectivity by trying the term on the column's
  // statistics (0.3–0.4 ms of planning, as long as the search itself), on every search, since it
  // keeps custom plans for this statement. The plan is the same index walk in the index's order.
  const term = sql`(select ${needle}::text)`;
  const distance = sql`(${term} <<-> ${fullName})`;
  return db
    .select({ ...summaryColumns, rank: sql<number>`(1 - ${distance})::real`.as('rank') })
    .from(patients)
    .where(sql`${term} <% ${fullName}`)
    .orderBy(distance)
    .offset(offset)
    .limit(take);
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
