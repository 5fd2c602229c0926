import { getTableColumns, sql, type Placeholder, type Query, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { idListValue } from '../db/id-lists.js';
import type { Actor, RequestOrigin } from '../auth/actor.js';
import { auditEvents } from './audit.tables.js';

export type AuditOutcome = 'success' | 'denied' | 'failure';

export interface AuditEntry {
  action: string; // e.g. 'patient.read', 'auth.login', 'allergy.create'
  resourceType: string;
  resourceId?: string | null;
  patientId?: string | null;
  category?: 'registration' | 'clinical' | 'security' | 'administration' | null;
  outcome?: AuditOutcome;
  severity?: 'low' | 'medium' | 'high';
  detail?: Record<string, unknown>;
}

export interface AuditActor {
  userId?: string | null;
  role?: string | null;
  apiKeyId?: string | null;
}

/** A person is recorded by account and role; an integration key by its id (its service principal). */
export function auditActorOf(actor: Actor | null | undefined): AuditActor {
  if (!actor) return {};
  return actor.kind === 'api_key' ? { apiKeyId: actor.apiKeyId } : { userId: actor.userId, role: actor.role };
}

/**
 * Writes one audit row with the given handle. Inside a transaction it commits or rolls back with
 * the work; a denied attempt is written with the root handle so the record of it survives.
 * Detail must hold ids and codes only, never PHI values.
 */
export async function writeAudit(db: Db, actor: AuditActor, origin: RequestOrigin | null, entry: AuditEntry, now: Date): Promise<void> {
  // A named statement on the caller's handle (root or transaction): drizzle does not rebuild the
  // insert for every audited request, and PostgreSQL parses and plans it once per connection.
  // Drizzle fills the placeholders through each column's own encoder.
  await db._.session
    .prepareQuery(auditInsertQuery(db), undefined, 'carewell_audit_insert', false)
    .execute(auditValues(actor, origin, entry, now));
}

let auditInsert: Query | undefined;

function auditInsertQuery(db: Db): Query {
  auditInsert ??= preparedAuditValuesInsert(db, sql.placeholder).toSQL();
  return auditInsert;
}

function auditRow(actor: AuditActor, origin: RequestOrigin | null, entry: AuditEntry, now: Date): typeof auditEvents.$inferInsert {
  return { ...requestColumns(actor, origin, now), ...entryColumns(entry) };
}

/** The columns every row of one request shares: who, from where, when. */
function requestColumns(actor: AuditActor, origin: RequestOrigin | null, now: Date) {
  return {
    occurredAt: now,
    actorUserId: actor.userId ?? null,
    actorRole: actor.role ?? null,
    actorApiKeyId: actor.apiKeyId ?? null,
    ip: origin?.ip ?? null,
    userAgent: origin?.userAgent?.slice(0, 300) ?? null,
    requestId: origin?.requestId ?? null,
  };
}

/** The columns of one entry, with their defaults (success, low severity, empty detail). */
function entryColumns(entry: AuditEntry) {
  return {
    action: entry.action,
    resourceType: entry.resourceType,
    resourceId: entry.resourceId ?? null,
    patientId: entry.patientId ?? null,
    category: entry.category ?? null,
    outcome: entry.outcome ?? 'success',
    severity: entry.severity ?? 'low',
    detail: entry.detail ?? {},
  };
}

declare const auditedBrand: unique symbol;
/**
 * Proof that an access to a patient's data was audited in this transaction. Repository functions
 * that read or write patient data require one, so a code path cannot reach PHI without the audit
 * row being written first.
 */
export type AuditedAccess = { readonly patientId: string; readonly [auditedBrand]: true };

export async function auditPatientAccess(
  tx: Db,
  actor: AuditActor,
  origin: RequestOrigin | null,
  entry: AuditEntry & { patientId: string },
  now: Date,
): Promise<AuditedAccess> {
  await writeAudit(tx, actor, origin, entry, now);
  return { patientId: entry.patientId } as AuditedAccess;
}

declare const auditedListBrand: unique symbol;
/**
 * Proof that a view listing several patients (a calendar, a board, "my patients") wrote one audit
 * row per patient shown, in this transaction. Repository functions that read those patients'
 * data for the view require one, and read only the patients it names.
 */
export type AuditedPatients = { readonly patientIds: readonly string[]; readonly [auditedListBrand]: true };

/** One audit row per patient of a list view, in ONE insert; returns the proof for those patients. */
export async function auditPatientsAccess(
  tx: Db,
  actor: AuditActor,
  origin: RequestOrigin | null,
  entries: readonly (AuditEntry & { patientId: string })[],
  now: Date,
): Promise<AuditedPatients> {
  if (entries.length > 0) await tx.execute(auditRowsInsertOf(actor, origin, entries, now));
  return { patientIds: [...new Set(entries.map((e) => e.patientId))] } as unknown as AuditedPatients;
}

/**
 * The same proof and row as `auditPatientAccess`, with the insert not yet sent: the caller sends it
 * in the SAME statement as the read the proof allows (`readTogether(db, reads, { writes })`).
 */
export function pendingPatientAudit(
  db: Db,
  actor: AuditActor,
  origin: RequestOrigin | null,
  entry: AuditEntry & { patientId: string },
  now: Date,
): { audited: AuditedAccess; write: SQLWrapper } {
  return { audited: { patientId: entry.patientId } as AuditedAccess, write: auditInsertOf(db, actor, origin, entry, now) };
}

/**
 * The same proof and rows as `auditPatientsAccess`, with the insert not yet sent: the caller sends
 * it in the SAME statement as the read the proof allows (`readTogether(db, reads, { writes })`),
 * so the rows and the read commit together or not at all, in one round trip without a transaction.
 * `write` is null when no patient is shown.
 */
export function pendingPatientsAudit(
  db: Db,
  actor: AuditActor,
  origin: RequestOrigin | null,
  entries: readonly (AuditEntry & { patientId: string })[],
  now: Date,
): { audited: AuditedPatients; write: SQLWrapper | null } {
  return {
    audited: { patientIds: [...new Set(entries.map((e) => e.patientId))] } as unknown as AuditedPatients,
    write: entries.length > 0 ? auditRowsInsertOf(actor, origin, entries, now) : null,
  };
}

/**
 * One audit row per entry, in one insert whose text is the same for any number of entries: the
 * entries travel as ONE jsonb parameter, the request's actor, origin and time as seven more.
 *
 * Why: "my patients" on a doctor with 55 patients built a VALUES list of 55 × 15 parameters on
 * every view (7.5 % of the server's CPU on the grown bench database), and its text changed with
 * the count, so PostgreSQL parsed a new statement each time (issue 11). `with ordinality` keeps
 * the entries' order in the rows' ids, as the VALUES list did.
 */
function auditRowsInsertOf(actor: AuditActor, origin: RequestOrigin | null, entries: readonly AuditEntry[], now: Date): SQL {
  const shared = requestColumns(actor, origin, now);
  // jsonb_to_recordset matches keys to column names: the entries keep entryColumns' own keys.
  const rows = entries.map(entryColumns);
  const c = auditEvents;
  return sql`insert into ${c} (occurred_at, actor_user_id, actor_role, actor_api_key_id, ip, user_agent, request_id,
      action, resource_type, resource_id, patient_id, category, outcome, severity, detail)
    select ${sql.param(shared.occurredAt, c.occurredAt)}::timestamptz, ${shared.actorUserId}::uuid, ${shared.actorRole}::text,
      ${shared.actorApiKeyId}::uuid, ${shared.ip}::inet, ${shared.userAgent}::text, ${shared.requestId}::text,
      e.action, e.resource_type, e.resource_id, e.patient_id, e.category, e.outcome, e.severity, e.detail
    from rows from (jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as ("action" text, "resourceType" text, "resourceId" text,
      "patientId" uuid, "category" text, "outcome" text, "severity" text, "detail" jsonb))
      with ordinality as e(action, resource_type, resource_id, patient_id, category, outcome, severity, detail, n)
    order by e.n`;
}

/**
 * The audit row's insert, not yet sent: for a write that must be recorded in the same statement as
 * the row it audits (a data-modifying WITH), so the pair costs one round trip and no transaction.
 */
export function auditInsertOf(db: Db, actor: AuditActor, origin: RequestOrigin | null, entry: AuditEntry, now: Date) {
  return db.insert(auditEvents).values(auditRow(actor, origin, entry, now));
}

/**
 * The audit row's insert for each row another data-modifying WITH clause of the same statement
 * returns (`source` names that clause): the row is written only if that write happened (an
 * `insert … on conflict do nothing` that did nothing writes no audit row). The values carry
 * their column types, as INSERT … SELECT does not infer a parameter's type from its column.
 */
export function auditInsertForEachOf(actor: AuditActor, origin: RequestOrigin | null, entry: AuditEntry, now: Date, source: string): SQL {
  return auditInsertFromRows(actor, origin, entry, now, sql`${sql.identifier(source)}`);
}

/**
 * The audit row's insert for each row `from` yields (a read's rows: `readWithWrites`). `detail`, SQL
 * over those rows, replaces the entry's: an aggregate there (a count of what was found) makes it
 * exactly one row, written even when nothing was found. `patientId`, SQL over them too, names each
 * row's patient (a list grouped by patient: one row per patient shown).
 */
export function auditInsertFromRows(
  actor: AuditActor,
  origin: RequestOrigin | null,
  entry: AuditEntry,
  now: Date,
  from: SQL,
  options: FromRows = {},
): SQL {
  const row = auditRow(actor, origin, entry, now);
  return auditInsertSelect((key) => row[key], from, options);
}

/** Columns of an audit row taken from the rows it is written for, instead of the entry. */
type FromRows = { detail?: SQL; patientId?: SQL; resourceId?: SQL };

type AuditKey = keyof ReturnType<typeof auditRow>;

/**
 * `INSERT … SELECT` of one audit row for each row `from` yields, each value a parameter cast to its
 * column's type (INSERT … SELECT does not infer a parameter's type from its column), except the
 * columns `fromRows` gives as SQL over `from`'s rows.
 */
function auditInsertSelect(valueOf: (key: AuditKey) => unknown, from: SQL, fromRows: FromRows): SQL {
  const columns = getTableColumns(auditEvents);
  const names = AUDIT_KEYS.map((key) => sql.identifier(columns[key].name));
  const values = AUDIT_KEYS.map((key) => {
    const own = key === 'detail' || key === 'patientId' || key === 'resourceId' ? fromRows[key] : undefined;
    return own ?? sql`${sql.param(valueOf(key), columns[key])}::${sql.raw(columns[key].getSQLType())}`;
  });
  return sql`insert into ${auditEvents} (${sql.join(names, sql`, `)}) select ${sql.join(values, sql`, `)} from ${from}`;
}

/** Every column an audit row sets, in auditRow's order. */
const AUDIT_KEYS = Object.keys(auditRow({}, null, { action: '', resourceType: '' }, new Date(0))) as AuditKey[];

/**
 * `auditInsertFromRows` with every value a placeholder (`audit_<column>`), for a statement built
 * once (`preparedReadWithWrites`): each request fills them with `auditValues`.
 */
export function preparedAuditInsert(param: (name: `audit_${string}`) => Placeholder, from: SQL, options: FromRows = {}): SQL {
  return auditInsertSelect((key) => param(`audit_${key}`), from, options);
}

/** The audit row's `insert … values` with every value a placeholder, for a statement built once (filled by `auditValues`). */
export function preparedAuditValuesInsert(db: Db, param: (name: `audit_${string}`) => Placeholder) {
  return db.insert(auditEvents).values(Object.fromEntries(AUDIT_KEYS.map((key) => [key, param(`audit_${key}`)])) as never);
}

/**
 * The proof for reads in a statement BUILT ONCE with its own audit row (`preparedAuditValuesInsert`
 * among its writes): the patient is that row's `audit_patientId` placeholder, so every call reads
 * exactly the patient its audit row names (filled by `auditValues`), and no other value can be
 * given for the reads. The repositories use the proof's patient only in comparisons, which take a
 * placeholder as they take a value.
 */
export function preparedAuditedAccess(param: (name: `audit_${string}`) => Placeholder): AuditedAccess {
  return { patientId: param('audit_patientId') } as unknown as AuditedAccess;
}

declare const preparedListBrand: unique symbol;
/**
 * Proof for reads in a statement BUILT ONCE with one audit row per patient of a list view
 * (`preparedPatientsAudit`'s write among its writes): the patients are that insert's own
 * `audit_patientIds` placeholder, a uuid array filled by `patientsAuditValues` from the same ids
 * the rows are written for, so every call reads exactly the patients its rows name. Repositories
 * use it in `= any(…::uuid[])` or `unnest(…::uuid[])`.
 */
export type PreparedAuditedPatients = { readonly patientIds: Placeholder; readonly [preparedListBrand]: true };

/**
 * A list view's audit rows (one per patient in `audit_patientIds`, the same entry otherwise) as a
 * write of a statement built once, and the proof its reads take. Filled by `patientsAuditValues`.
 *
 * Why: a board read its patients' data in a transaction after an audit insert, every statement
 * built per request; built once, the rows travel with the reads in one round trip (issue 11).
 */
export function preparedPatientsAudit(
  param: (name: `audit_${string}`) => Placeholder,
  options: { resourceIsPatient?: boolean; detailPerPatient?: boolean } = {},
): { audited: PreparedAuditedPatients; write: SQL } {
  const ids = param('audit_patientIds');
  const listed = sql`listed.patient_id`;
  return {
    audited: { patientIds: ids } as unknown as PreparedAuditedPatients,
    // detailPerPatient: each row's detail is its patient's element of `audit_details`, in the ids'
    // order (`patientsAuditValuesEach`); otherwise the entry's one detail.
    write: options.detailPerPatient
      ? preparedAuditInsert(param, sql`unnest(${ids}::uuid[]) with ordinality as listed(patient_id, n)`, {
          patientId: listed,
          detail: sql`(${param('audit_details')}::jsonb -> (listed.n - 1)::int)`,
          ...(options.resourceIsPatient ? { resourceId: sql`${listed}::text` } : {}),
        })
      : preparedAuditInsert(param, sql`unnest(${ids}::uuid[]) as listed(patient_id)`, {
          patientId: listed,
          ...(options.resourceIsPatient ? { resourceId: sql`${listed}::text` } : {}),
        }),
  };
}

/** The values of `preparedPatientsAudit`'s placeholders: one row per patient (each once), the entry's other columns shared. */
export function patientsAuditValues(
  actor: AuditActor,
  origin: RequestOrigin | null,
  entry: Omit<AuditEntry, 'patientId'>,
  patientIds: readonly string[],
  now: Date,
): Record<`audit_${string}`, unknown> {
  return { ...auditValues(actor, origin, entry, now), audit_patientIds: idListValue(patientIds) };
}

/**
 * The values of `preparedPatientsAudit(…, { detailPerPatient: true })`'s placeholders: one row per
 * patient with that patient's own detail (a list naming each patient's appointments), the entry's
 * other columns shared. Each patient at most once.
 */
export function patientsAuditValuesEach(
  actor: AuditActor,
  origin: RequestOrigin | null,
  entry: Omit<AuditEntry, 'patientId' | 'detail'>,
  rows: readonly { patientId: string; detail: Record<string, unknown> }[],
  now: Date,
): Record<`audit_${string}`, unknown> {
  const ids = rows.map((row) => row.patientId);
  if (new Set(ids).size !== ids.length) throw new Error('patientsAuditValuesEach: each patient at most once');
  return {
    ...auditValues(actor, origin, entry, now),
    audit_patientIds: idListValue(ids),
    audit_details: JSON.stringify(rows.map((row) => row.detail)),
  };
}

/** The values of `preparedAuditInsert`'s (and `preparedAuditValuesInsert`'s) placeholders for one entry of one request. */
export function auditValues(
  actor: AuditActor,
  origin: RequestOrigin | null,
  entry: AuditEntry,
  now: Date,
): Record<`audit_${string}`, unknown> {
  const row = auditRow(actor, origin, entry, now);
  return Object.fromEntries(AUDIT_KEYS.map((key) => [`audit_${key}`, row[key]]));
}
