import { asc, eq, sql } from 'drizzle-orm';
import { writeAudit, auditActorOf } from '../../../platform/audit/audit.service.js';
import type { ServiceContext } from '../../../platform/auth/actor.js';
import type { Db } from '../../../platform/db/database.js';
import { conflict, notFound, validationFailed } from '../../../platform/errors.js';
import { DEFAULT_PANELS, DEFAULT_TESTS, type CatalogueRange } from '../labs.catalogue-defaults.js';
import { isValidUcum } from '../labs.ranges.js';
import { labPanels, labTests } from '../labs.tables.js';
import { defaultCategoryOf } from './lab-release.js';
import type { LabPerformer, LabSpecimen } from '../labs.vocabulary.js';

export type LabTestRow = typeof labTests.$inferSelect;
export type LabPanelRow = typeof labPanels.$inferSelect;

export interface LabCatalogue {
  tests: LabTestRow[];
  panels: LabPanelRow[];
}

/**
 * Writes the default catalogue when the hospital has none (first start, a new database, the demo
 * seed): two inserts, existing codes left as they are. Later edits are the lab administrators'.
 */
export async function ensureLabCatalogue(db: Db, now: Date): Promise<boolean> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(labTests);
  if ((row?.n ?? 0) > 0) return false;
  await db
    .insert(labTests)
    .values(DEFAULT_TESTS.map((t) => ({ ...t, category: defaultCategoryOf(t.code), needsReview: true, createdAt: now, updatedAt: now })))
    .onConflictDoNothing();
  await db
    .insert(labPanels)
    .values(DEFAULT_PANELS.map((p) => ({ code: p.code, loinc: p.loinc, name: p.name, testCodes: p.tests, createdAt: now })))
    .onConflictDoNothing();
  return true;
}

export async function readLabCatalogue(db: Db): Promise<LabCatalogue> {
  const [tests, panels] = await Promise.all([
    db.select().from(labTests).orderBy(asc(labTests.name)),
    db.select().from(labPanels).orderBy(asc(labPanels.name)),
  ]);
  return { tests, panels };
}

export interface LabTestUpdate {
  name: string;
  unit: string | null;
  specimen: LabSpecimen;
  molarMass: number | null;
  /** Omitted: unchanged. */
  performedBy?: LabPerformer | undefined;
  ranges: CatalogueRange[];
  active: boolean;
  version: number;
}

/** Field errors of a test's definition: a UCUM unit, each range's order (critical low ≤ low ≤ high ≤ critical high) and age band. */
export function catalogueTestErrors(
  input: Pick<LabTestUpdate, 'unit' | 'ranges'>,
  kind: 'numeric' | 'text',
): { path: string; message: string }[] {
  const errors: { path: string; message: string }[] = [];
  if (kind === 'numeric' && !input.unit) errors.push({ path: 'unit', message: 'A numeric test needs a unit.' });
  if (input.unit && !isValidUcum(input.unit)) errors.push({ path: 'unit', message: 'Use a UCUM unit such as mmol/L, mg/dL or 10*3/uL.' });
  input.ranges.forEach((r, i) => {
    const ordered = [r.criticalLow, r.low, r.high, r.criticalHigh].filter((v): v is number => v !== null);
    if (ordered.some((v, j) => j > 0 && v < ordered[j - 1]!)) {
      errors.push({ path: `ranges.${i}`, message: 'Limits must run critical low ≤ low ≤ high ≤ critical high.' });
    }
    if (r.ageMax !== null && r.ageMax <= r.ageMin)
      errors.push({ path: `ranges.${i}.ageMax`, message: 'The upper age must be above the lower age.' });
  });
  return errors;
}

/** A lab administrator edits one test (conditional on its version: a stale form is 409). Audited, no patient data. */
export async function updateLabTest(db: Db, ctx: ServiceContext, code: string, input: LabTestUpdate): Promise<LabTestRow> {
  const [current] = await db.select().from(labTests).where(eq(labTests.code, code));
  if (!current) throw notFound('The laboratory test');
  const errors = catalogueTestErrors(input, current.resultKind);
  if (errors.length > 0) throw validationFailed(errors);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(labTests)
      .set({
        name: input.name,
        unit: input.unit,
        specimen: input.specimen,
        molarMass: input.molarMass,
        ...(input.performedBy ? { performedBy: input.performedBy } : {}),
        ranges: input.ranges,
        active: input.active,
        needsReview: false,
        version: sql`${labTests.version} + 1`,
        updatedAt: ctx.now,
      })
      .where(sql`${labTests.code} = ${code} and ${labTests.version} = ${input.version}`)
      .returning();
    if (!row) throw conflict('Someone changed this test meanwhile. Reload it and make your change again.');
    await writeAudit(
      tx,
      auditActorOf(ctx.actor),
      ctx.origin,
      {
        action: 'lab_catalogue.update',
        resourceType: 'lab_test',
        resourceId: row.id,
        category: 'administration',
        detail: { code, version: row.version, ...(input.performedBy ? { performedBy: input.performedBy } : {}) },
      },
      ctx.now,
    );
    return row;
  });
}
