import { randomUUID } from 'node:crypto';
import { and, asc, count, desc, eq, sql, type Placeholder, type SQL } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createAccount } from '../../../test/helpers/actors.js';
import { addConfirmedAllergy } from '../../../test/helpers/patients.js';
import { useTestApp } from '../../../test/helpers/app.js';
import { recordStatements } from '../../../test/helpers/statement-log.js';
import { allergies, patients } from '../../modules/patients/index.js';
import { auditValues, preparedAuditValuesInsert } from '../audit/audit.service.js';
import { auditEvents } from '../audit/audit.tables.js';
import { deferRead, preparedReadTogether, preparedReadWithWrites, readTogether, readWithWrites, runRead } from './read-together.js';

/**
 * Reading several queries together must give exactly what awaiting each of them gives (Drizzle's
 * own decoding: instants as Date, jsonb as objects, calendar dates as text, a left join's missing
 * side as null, sorted rows in order), in one statement.
 */
describe('readTogether', () => {
  const t = useTestApp();

  it('answers like the queries run one by one, in one statement', async () => {
    const patient = await createAccount(t, { role: 'patient', givenName: 'Ana', familyName: 'Lima' });
    await createAccount(t, { role: 'patient', givenName: 'Bea', familyName: 'Lima' });
    await t.db
      .update(patients)
      .set({ address: { line1: '1 Main St', city: 'Springfield', postalCode: '12345', country: 'US' } })
      .where(eq(patients.id, patient.patientId!));
    const now = t.clock.now();
    for (const substance of ['latex', 'penicillin'])
      await t.db
        .insert(allergies)
        .values({ patientId: patient.patientId!, substance, source: 'staff', verification: 'confirmed', createdAt: now, updatedAt: now });

    const queries = () => ({
      people: t.db.select().from(patients).where(eq(patients.familyName, 'Lima')).orderBy(desc(patients.givenName)),
      joined: t.db
        .select({
          patient: { id: patients.id, given: patients.givenName },
          allergy: allergies,
          at: sql<string>`${patients.createdAt}::text`,
        })
        .from(patients)
        .leftJoin(allergies, eq(allergies.patientId, patients.id))
        .where(eq(patients.familyName, 'Lima'))
        .orderBy(asc(patients.givenName), asc(allergies.substance)),
      counted: t.db.select({ n: count() }).from(allergies).where(eq(allergies.patientId, patient.patientId!)),
      none: t.db
        .select()
        .from(patients)
        .where(sql`false`),
    });
    const alone = queries();
    const expected = {
      people: await alone.people,
      joined: await alone.joined,
      counted: await alone.counted,
      none: await alone.none,
    };
    expect(expected.people.map((p) => p.givenName)).toEqual(['Bea', 'Ana']);
    expect(expected.joined.at(-1)!.allergy).toBeNull();

    const q = queries();
    const log = recordStatements(t.database);
    const together = await readTogether(t.db, {
      people: deferRead(q.people, (rows) => rows),
      joined: deferRead(q.joined, (rows) => rows),
      counted: deferRead(q.counted, (rows) => rows),
      none: deferRead(q.none, (rows) => rows),
    });
    log.stop();
    expect(log.count()).toBe(1);
    // Counts come back as numbers either way (the JSON path is not the driver's bigint text).
    expect({ ...together, counted: together.counted.map((r) => ({ n: Number(r.n) })) }).toEqual({
      ...expected,
      counted: expected.counted.map((r) => ({ n: Number(r.n) })),
    });
    expect(together.people[0]!.createdAt).toBeInstanceOf(Date);
    expect(together.people.find((p) => p.id === patient.patientId)!.address).toEqual(expect.objectContaining({ city: 'Springfield' }));

    // One read alone is a plain query with the same answer; no reads cost no statement.
    expect(await runRead(deferRead(queries().people, (rows) => rows.length))).toBe(2);
    const empty = recordStatements(t.database);
    expect(await readTogether(t.db, {})).toEqual({});
    empty.stop();
    expect(empty.count()).toBe(0);
  });

  it('a statement built once (preparedReadTogether) answers each call with its own values', async () => {
    const ana = await createAccount(t, { role: 'patient', givenName: 'Ana', familyName: 'Sousa' });
    const bea = await createAccount(t, { role: 'patient', givenName: 'Bea', familyName: 'Costa' });
    await addConfirmedAllergy(t, bea.patientId!);
    let builds = 0;
    const read = preparedReadTogether((db, param: (name: 'family' | 'patientId') => Placeholder) => {
      builds++;
      return {
        people: deferRead(
          db
            .select({ given: patients.givenName })
            .from(patients)
            .where(eq(patients.familyName, param('family'))),
          (rows) => rows,
        ),
        allergies: deferRead(
          db
            .select({ substance: allergies.substance })
            .from(allergies)
            .where(eq(allergies.patientId, param('patientId'))),
          (rows) => rows.map((r) => r.substance),
        ),
      };
    });
    const log = recordStatements(t.database);
    expect(await read(t.db, { family: 'Sousa', patientId: ana.patientId! })).toEqual({ people: [{ given: 'Ana' }], allergies: [] });
    expect(await read(t.db, { family: 'Costa', patientId: bea.patientId! })).toEqual({ people: [{ given: 'Bea' }], allergies: ['latex'] });
    // Inside a transaction too, with the same statement.
    expect(await t.db.transaction((tx) => read(tx, { family: 'Nobody', patientId: ana.patientId! }))).toEqual({
      people: [],
      allergies: [],
    });
    log.stop();
    expect(builds).toBe(1);
    expect(log.count()).toBeGreaterThanOrEqual(3);
  });

  it("a statement built once carries the code's constant strings as literals (a partial index can serve its kept plan)", async () => {
    const ana = await createAccount(t, { role: 'patient', givenName: 'Ana', familyName: "O'Neil" });
    await addConfirmedAllergy(t, ana.patientId!);
    const read = preparedReadTogether((db, param: (name: 'patientId') => Placeholder) => ({
      confirmed: deferRead(
        db
          .select({ substance: allergies.substance })
          .from(allergies)
          .where(and(eq(allergies.patientId, param('patientId')), eq(allergies.verification, 'confirmed'))),
        (rows) => rows.map((r) => r.substance),
      ),
      quoted: deferRead(db.select({ given: patients.givenName }).from(patients).where(eq(patients.familyName, "O'Neil")), (rows) => rows),
    }));
    const log = recordStatements(t.database);
    expect(await read(t.db, { patientId: ana.patientId! })).toEqual({ confirmed: ['latex'], quoted: [{ given: 'Ana' }] });
    log.stop();
    const [statement] = log.statements();
    expect(statement).toContain(`"allergies"."verification" = 'confirmed'`);
    expect(statement).toContain(`"patients"."family_name" = 'O''Neil'`);
    // The request's value stays a parameter, the only one.
    expect(statement).toContain('"allergies"."patient_id" = $1');
    expect(statement).not.toContain('$2');
  });

  it("writes from a read's own rows in the same statement (readWithWrites), built once or per call", async () => {
    const family = `Found${randomUUID().slice(0, 8)}`;
    for (const given of ['Cy', 'Al', 'Bo']) await createAccount(t, { role: 'patient', givenName: given, familyName: family });
    // The write records each row found (an audit row names what was read): none found, none written.
    const byFamily = (db: typeof t.db, name: string | Placeholder) =>
      db
        .select({ id: patients.id, given: patients.givenName })
        .from(patients)
        .where(eq(patients.familyName, name))
        .orderBy(desc(patients.givenName));
    const recordEach = (found: SQL, label: string | Placeholder) =>
      sql`insert into audit_events (occurred_at, action, resource_type, resource_id, patient_id, outcome, severity, detail)
        select ${t.clock.now().toISOString()}::timestamptz, 'test.found', 'patient', q.id::text, q.id, 'success', 'low', jsonb_build_object('label', ${label}::text)
        from ${found} q`;
    const written = async (label: string) => {
      const [row] = await t.db
        .select({ n: count() })
        .from(auditEvents)
        .where(and(eq(auditEvents.action, 'test.found'), sql`${auditEvents.detail}->>'label' = ${label}`));
      return row!.n;
    };

    const log = recordStatements(t.database);
    const perCall = await readWithWrites(t.db, {
      read: deferRead(byFamily(t.db, family), (rows) => rows.map((r) => r.given)),
      writes: (found) => [recordEach(found, 'per-call')],
    });

    let builds = 0;
    const prepared = preparedReadWithWrites((db, param: (name: 'family' | 'label') => Placeholder) => {
      builds++;
      return {
        read: deferRead(byFamily(db, param('family')), (rows) => rows.length),
        writes: (found) => [recordEach(found, param('label'))],
      };
    });
    expect(await prepared(t.db, { family, label: 'prepared' })).toBe(3);
    expect(await prepared(t.db, { family: 'Nobody at all', label: 'nobody' })).toBe(0);
    log.stop();
    // The read's own order comes back, and one row is written for each row found.
    expect(perCall).toEqual(['Cy', 'Bo', 'Al']);
    expect(await written('per-call')).toBe(3);
    expect(builds).toBe(1);
    expect(await written('prepared')).toBe(3);
    expect(await written('nobody')).toBe(0);
    // One statement each: the read and its writes travel together.
    expect(log.count()).toBe(3);
  });

  it('sends the writes of a statement built once with its reads (an audit row with placeholders), every call its own row', async () => {
    const ana = await createAccount(t, { role: 'patient', givenName: 'Ana', familyName: `Audit${randomUUID().slice(0, 8)}` });
    let builds = 0;
    const read = preparedReadTogether(
      (db, param: (name: 'patientId' | `audit_${string}`) => Placeholder) => {
        builds++;
        return {
          given: deferRead(
            db
              .select({ given: patients.givenName })
              .from(patients)
              .where(eq(patients.id, param('patientId'))),
            (rows) => rows.map((r) => r.given),
          ),
        };
      },
      { writes: (db, param) => [preparedAuditValuesInsert(db, param)] },
    );
    const entry = (requestId: string) =>
      auditValues(
        { userId: ana.userId, role: 'patient' },
        { ip: '127.0.0.1', userAgent: 'test', requestId },
        {
          action: 'test.prepared_read',
          resourceType: 'patient',
          patientId: ana.patientId!,
          category: 'registration',
          detail: { sections: ['given'] },
        },
        t.clock.now(),
      );
    const first = randomUUID();
    const second = randomUUID();
    const log = recordStatements(t.database);
    expect(await read(t.db, { patientId: ana.patientId!, ...entry(first) })).toEqual({ given: ['Ana'] });
    expect(await read(t.db, { patientId: ana.patientId!, ...entry(second) })).toEqual({ given: ['Ana'] });
    log.stop();
    expect(builds).toBe(1);
    expect(log.count()).toBe(2);
    const rows = await t.db.select().from(auditEvents).where(eq(auditEvents.action, 'test.prepared_read')).orderBy(asc(auditEvents.id));
    expect(rows).toHaveLength(2);
    expect(rows.map((r) => r.requestId)).toEqual([first, second]);
    expect(rows[0]).toMatchObject({
      actorUserId: ana.userId,
      actorRole: 'patient',
      patientId: ana.patientId,
      category: 'registration',
      outcome: 'success',
      severity: 'low',
      detail: { sections: ['given'] },
      occurredAt: t.clock.now(),
    });
  });
});
