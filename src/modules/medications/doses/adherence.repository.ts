import { and, asc, eq, gte, inArray, lte, sql, type Placeholder, type SQL } from 'drizzle-orm';
import type { AuditedAccess } from '../../../platform/audit/audit.service.js';
import type { Db } from '../../../platform/db/database.js';
import { isAnyId } from '../../../platform/db/id-lists.js';
import { medicationProducts } from '../medications.tables.js';
import { prescriptions } from '../prescriptions.tables.js';
import { adherenceMonitors, medicationDoses, type DoseStatus } from './doses.tables.js';

/** SQL for adherence (doses taken of doses due, over 7 and 30 days) and its monitors. Kept apart from the doses' own SQL. */
export interface AdherenceCounts {
  prescriptionId: string;
  productName: string;
  due7: number;
  taken7: number;
  due30: number;
  taken30: number;
}

const TAKEN: DoseStatus[] = ['taken', 'given'];

/** The times adherence is counted at: now, and 7 and 30 days before (values, or a statement's placeholders). */
export interface AdherenceWindow<T = Date> {
  now: T;
  since7: T;
  since30: T;
}

export function adherenceWindow(now: Date): AdherenceWindow {
  return { now, since7: new Date(now.getTime() - 7 * 86_400_000), since30: new Date(now.getTime() - 30 * 86_400_000) };
}

/**
 * Per prescription of the patients named: doses whose time has passed in the last 7 and 30 days
 * (before a stop), and how many of them were taken or given. One statement.
 */
export async function selectAdherence(
  db: Db,
  patientIds: readonly string[],
  now: Date,
  prescriptionIds?: readonly string[],
): Promise<AdherenceCounts[]> {
  if (patientIds.length === 0) return [];
  const scope = and(
    isAnyId(medicationDoses.patientId, patientIds),
    prescriptionIds ? isAnyId(medicationDoses.prescriptionId, prescriptionIds) : undefined,
  );
  return adherenceQuery(db, scope, adherenceWindow(now));
}

/** One prescription's counts, not run yet; its id and the window may be placeholders of a statement built once. */
export function prescriptionAdherenceQuery(
  db: Db,
  access: AuditedAccess,
  prescriptionId: string | Placeholder,
  window: AdherenceWindow<Date | Placeholder>,
) {
  return adherenceQuery(
    db,
    and(eq(medicationDoses.patientId, access.patientId), eq(medicationDoses.prescriptionId, prescriptionId)),
    window,
  );
}

/** The audited patient's counts per prescription, not run yet; the window may be placeholders of a statement built once. */
export function patientAdherenceQuery(db: Db, access: AuditedAccess, window: AdherenceWindow<Date | Placeholder>) {
  return adherenceQuery(db, eq(medicationDoses.patientId, access.patientId), window);
}

function adherenceQuery(db: Db, scope: SQL | undefined, { now, since7, since30 }: AdherenceWindow<Date | Placeholder>) {
  const taken = sql`${medicationDoses.status} in (${sql.join(
    TAKEN.map((s) => sql`${s}`),
    sql`, `,
  )})`;
  const in7 = sql`${medicationDoses.dueAt} >= ${since7}`;
  return db
    .select({
      prescriptionId: prescriptions.id,
      productName: medicationProducts.name,
      due7: sql<number>`count(*) filter (where ${in7})::int`,
      taken7: sql<number>`count(*) filter (where ${in7} and ${taken})::int`,
      due30: sql<number>`count(*)::int`,
      taken30: sql<number>`count(*) filter (where ${taken})::int`,
    })
    .from(medicationDoses)
    .innerJoin(prescriptions, eq(prescriptions.id, medicationDoses.prescriptionId))
    .innerJoin(medicationProducts, eq(medicationProducts.id, prescriptions.productId))
    .where(
      and(
        scope,
        gte(medicationDoses.dueAt, since30),
        lte(medicationDoses.dueAt, now),
        inArray(prescriptions.status, ['signed', 'completed', 'stopped']),
        sql`(${prescriptions.stoppedAt} is null or ${medicationDoses.dueAt} < ${prescriptions.stoppedAt})`,
      ),
    )
    .groupBy(prescriptions.id, medicationProducts.name)
    .orderBy(asc(medicationProducts.name));
}

/** The active monitors of signed prescriptions (the alert sweep). */
export async function selectActiveMonitors(db: Db) {
  return db
    .select({ monitor: adherenceMonitors })
    .from(adherenceMonitors)
    .innerJoin(prescriptions, eq(prescriptions.id, adherenceMonitors.prescriptionId))
    .where(and(eq(adherenceMonitors.active, true), eq(prescriptions.status, 'signed')))
    .then((rows) => rows.map((r) => r.monitor));
}

export async function findMonitor(db: Db, prescriptionId: string) {
  const [row] = await monitorQuery(db, prescriptionId);
  return row;
}

/** The prescription's adherence monitor (zero or one row), not run yet. */
export function monitorQuery(db: Db, prescriptionId: string | Placeholder) {
  return db.select().from(adherenceMonitors).where(eq(adherenceMonitors.prescriptionId, prescriptionId));
}

export async function upsertMonitor(
  db: Db,
  values: { prescriptionId: string; patientId: string; thresholdPercent: number; active: boolean; flaggedBy: string },
  now: Date,
): Promise<void> {
  await db
    .insert(adherenceMonitors)
    .values({ ...values, createdAt: now, updatedAt: now })
    .onConflictDoUpdate({
      target: adherenceMonitors.prescriptionId,
      set: { thresholdPercent: values.thresholdPercent, active: values.active, flaggedBy: values.flaggedBy, updatedAt: now },
    });
}

export async function setMonitorAlert(db: Db, prescriptionId: string, open: boolean, now: Date): Promise<boolean> {
  const rows = await db
    .update(adherenceMonitors)
    .set({ alertOpen: open, ...(open ? { lastAlertAt: now } : {}), updatedAt: now })
    .where(and(eq(adherenceMonitors.prescriptionId, prescriptionId), eq(adherenceMonitors.alertOpen, !open)))
    .returning({ id: adherenceMonitors.prescriptionId });
  return rows.length === 1;
}
