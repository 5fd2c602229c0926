import type { Placeholder } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { preparedReadTogether, type DeferredRead, type ReadResults } from '../db/read-together.js';
import { statementsByShape } from '../db/statements-by-shape.js';
import { preparedAuditedAccess, preparedAuditValuesInsert, type AuditedAccess } from './audit.service.js';

/** A view's one access audit row, as the values of its placeholders, and the proof it gives (patients' `accessAuditValues`). */
export interface ViewAudit {
  audited: AuditedAccess;
  values: Record<`audit_${string}`, unknown>;
}

/**
 * Audited views of ONE patient (the chart, my health record, the timeline): a view's reads and its
 * ONE audit row in ONE statement, BUILT ONCE per shape.
 *
 * `read(db, key, audit, build, values)`: `build` writes the reads with the proof it is given, whose
 * patient is the audit row's own `audit_patientId` placeholder (`preparedAuditedAccess`), so every
 * call reads exactly the patient its row names; `param(name)` stands for the view's other values,
 * filled from `values`. `key` names the shape, i.e. everything `build` depends on (the viewer's
 * tier, the sections): `build` runs on a key's first call only, so one key must always build the
 * same reads, and their maps must not close over a request's values.
 *
 * Why: building a record's statement (seven to ten reads) was a quarter of the portal home's CPU
 * and its new text another hash per view; built once, PostgreSQL also sees one text (issue 11).
 */
export function auditedViews() {
  const statementFor = statementsByShape<(db: Db, values: Record<string, unknown>) => Promise<Record<string, unknown>>>(256);
  return async function read<R extends Record<string, DeferredRead<unknown>>, P extends string = never>(
    db: Db,
    key: string,
    audit: ViewAudit,
    build: (db: Db, audited: AuditedAccess, param: (name: P) => Placeholder) => R,
    values?: Record<P, unknown>,
  ): Promise<ReadResults<R>> {
    const statement = statementFor(key, () =>
      preparedReadTogether<string, R>((db, param) => build(db, preparedAuditedAccess(param), param as (name: P) => Placeholder), {
        writes: (db, param) => [preparedAuditValuesInsert(db, param)],
      }),
    );
    return (await statement(db, { ...audit.values, ...values })) as ReadResults<R>;
  };
}
