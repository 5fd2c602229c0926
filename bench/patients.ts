import pg from 'pg';

/**
 * Issue 11's patient scenarios, as the front desk with a bearer token: the audited read of one
 * patient, registering one, and a name search matching one patient or many (first page of 20), at
 * each table size in BENCH_PATIENT_SIZES (PostgreSQL) so that "flat as the table grows" is measured.
 *
 * On PostgreSQL the table is filled with one INSERT … SELECT (fast, and the rows are what the
 * register route writes); PGlite's directory belongs to the running server, so there the bench
 * registers BENCH_PGLITE_PATIENTS patients through the API instead (PGlite is reported, not targeted).
 */
export const ONE_MATCH = { givenName: 'Zephyrine', familyName: 'Quillfeather' };
/** Every 100th seeded patient has this family name: ~50 matches at 5,000 patients, ~1,000 at 100,000. */
export const MANY_MATCH = 'Benchmarkson';

const FAMILY_NAMES = ['Smith', 'Garcia', 'Nguyen', 'Khan', 'Okafor', 'Müller', 'Rossi', 'Haddad', 'Kowalski', 'Tanaka', 'Silva', 'Dubois'];
const GIVEN_NAMES = ['Amira', 'Ben', 'Chen', 'Dara', 'Elena', 'Farid', 'Grace', 'Hugo', 'Ines', 'Jonas', 'Kemi', 'Lucia', 'Mateo', 'Nadia'];

/** Adds patients on PostgreSQL until the table holds `size` bench rows (the demo's own patients come on top). */
export async function fillPatientsOnPostgres(databaseUrl: string, size: number, now: Date): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>(`select count(*) as n from patients where given_name like 'Bench%'`);
    const have = Number(rows[0]!.n);
    if (have === 0) {
      await client.query(
        `insert into patients (mrn, given_name, family_name, birth_date, created_at, updated_at)
         values (nextval('patient_mrn_seq')::text, $1, $2, '1961-04-12', $3, $3)`,
        [ONE_MATCH.givenName, ONE_MATCH.familyName, now],
      );
    }
    await client.query(
      `insert into patients (mrn, given_name, family_name, birth_date, created_at, updated_at)
       select nextval('patient_mrn_seq')::text,
              'Bench' || ($1::text[])[1 + g % cardinality($1::text[])],
              case when g % 100 = 0 then $3 else ($2::text[])[1 + (g / 7) % cardinality($2::text[])] || ' ' || g end,
              date '1940-01-01' + (g % 25000),
              $4, $4
       from generate_series($5::int + 1, $6::int) g`,
      [GIVEN_NAMES, FAMILY_NAMES, MANY_MATCH, now, have, size],
    );
    await client.query('analyze patients');
  } finally {
    await client.end();
  }
}

/** Registers `count` patients through the API (PGlite), with the same name pattern as on PostgreSQL. */
export async function registerPatientsThroughApi(base: string, desk: Record<string, string>, count: number): Promise<void> {
  const register = (givenName: string, familyName: string) =>
    fetch(`${base}/api/v1/patients`, {
      method: 'POST',
      headers: { ...desk, 'content-type': 'application/json' },
      body: JSON.stringify({ givenName, familyName, birthDate: '1961-04-12', confirmNotDuplicate: true }),
    });
  await register(ONE_MATCH.givenName, ONE_MATCH.familyName);
  for (let g = 1; g <= count; g++) {
    const family = g % 100 === 0 ? MANY_MATCH : `${FAMILY_NAMES[Math.floor(g / 7) % FAMILY_NAMES.length]!} ${g}`;
    await register(`Bench${GIVEN_NAMES[g % GIVEN_NAMES.length]!}`, family);
  }
}

/** The id of the one-match patient, found the way a user would. */
export async function oneMatchPatientId(base: string, desk: Record<string, string>): Promise<string> {
  const query = encodeURIComponent(`${ONE_MATCH.givenName} ${ONE_MATCH.familyName}`);
  const res = await fetch(`${base}/api/v1/patients?query=${query}`, { headers: desk });
  const body = (await res.json()) as { items: { id: string }[] };
  if (!body.items[0]) throw new Error('the one-match patient is missing');
  return body.items[0].id;
}

/** Each request registers a new patient with a distinct name (no duplicate warning, no conflict). */
export function registrationBody(i: number): string {
  return JSON.stringify({
    givenName: 'Load',
    familyName: `Registered ${Date.now()} ${i}`,
    birthDate: '1985-09-30',
    confirmNotDuplicate: true,
  });
}
