import { sql } from 'drizzle-orm';
import { auditActorOf, writeAudit } from '../../../platform/audit/audit.service.js';
import type { ServiceContext } from '../../../platform/auth/actor.js';
import type { Db } from '../../../platform/db/database.js';
import { deferRead, runRead, type DeferredRead } from '../../../platform/db/read-together.js';
import { conflict, validationFailed } from '../../../platform/errors.js';
import { labReleaseRules } from '../labs.tables.js';
import { LAB_CATEGORIES, LAB_RELEASE_RULES, type LabCategory, type LabReleaseRule, type LabResultStatus } from '../labs.vocabulary.js';

const DAY_MS = 86_400_000;

/** A category's release rule; `days` only for `after_days`. `version` 0 = the shipped default (no row yet). */
export interface ReleaseRule {
  category: LabCategory;
  rule: LabReleaseRule;
  days: number | null;
  version: number;
}

/**
 * Shipped defaults (docs/labs.md): most results wait for the ordering doctor's review; INR goes
 * to the patient at once (people on warfarin follow their own INR); cardiac markers are released
 * after review or after 3 days at the latest (the "after N days" example).
 */
export const DEFAULT_RELEASE_RULES: Record<LabCategory, { rule: LabReleaseRule; days: number | null }> = {
  chemistry: { rule: 'after_review', days: null },
  haematology: { rule: 'after_review', days: null },
  coagulation: { rule: 'immediately', days: null },
  cardiac_markers: { rule: 'after_days', days: 3 },
  microbiology: { rule: 'after_review', days: null },
};

/** The default catalogue's tests by category (the column's default, chemistry, for anything else). */
export const DEFAULT_TEST_CATEGORIES: Record<string, LabCategory> = {
  WBC: 'haematology',
  HGB: 'haematology',
  HCT: 'haematology',
  PLT: 'haematology',
  INR: 'coagulation',
  HSTNI: 'cardiac_markers',
  BCX: 'microbiology',
};

export const defaultCategoryOf = (code: string): LabCategory => DEFAULT_TEST_CATEGORIES[code] ?? 'chemistry';

/** What release needs to know of one value and its order. */
export interface ReleaseFacts {
  /** The value's status: a preliminary value is never released. */
  resultStatus: LabResultStatus;
  /** When the order was resulted (null: not yet). */
  resultedAt: Date | null;
  /** When the order was reviewed (null: not yet). */
  reviewedAt: Date | null;
}

/**
 * Whether a value is visible to the patient at `now` under its category's rule:
 * - never a preliminary value, never before the order is resulted;
 * - `immediately`: once resulted (final or corrected);
 * - `after_review`: once the order is reviewed;
 * - `after_days`: at resulting + N days (that instant included), or once reviewed if sooner.
 */
export function isReleased(rule: Pick<ReleaseRule, 'rule' | 'days'>, facts: ReleaseFacts, now: Date): boolean {
  if (facts.resultStatus === 'preliminary' || facts.resultedAt === null) return false;
  const reviewed = facts.reviewedAt !== null && facts.reviewedAt.getTime() <= now.getTime();
  switch (rule.rule) {
    case 'immediately':
      return facts.resultedAt.getTime() <= now.getTime();
    case 'after_review':
      return reviewed;
    case 'after_days':
      return reviewed || facts.resultedAt.getTime() + (rule.days ?? 0) * DAY_MS <= now.getTime();
  }
}

/** Every category's rule: the stored row, else the shipped default (one query). */
export async function readReleaseRules(db: Db): Promise<ReleaseRule[]> {
  return runRead(releaseRulesRead(db));
}

/** `readReleaseRules` as a read that can travel with others in one statement (platform/db/read-together). */
export function releaseRulesRead(db: Db): DeferredRead<ReleaseRule[]> {
  return deferRead(db.select().from(labReleaseRules), (rows) =>
    LAB_CATEGORIES.map((category) => {
      const row = rows.find((r) => r.category === category);
      return row
        ? { category, rule: row.rule, days: row.days, version: row.version }
        : { category, ...DEFAULT_RELEASE_RULES[category], version: 0 };
    }),
  );
}

export interface ReleaseRuleUpdate {
  rule: string;
  days: number | null;
  /** The version shown (0 = the default, no row yet). */
  version: number;
}

export function releaseRuleErrors(input: { rule: string; days: number | null }): { path: string; message: string }[] {
  if (!(LAB_RELEASE_RULES as readonly string[]).includes(input.rule))
    return [{ path: 'rule', message: 'Choose when results are released.' }];
  if (input.rule === 'after_days' && (input.days === null || !Number.isInteger(input.days) || input.days < 1 || input.days > 365))
    return [{ path: 'days', message: 'Give a whole number of days from 1 to 365.' }];
  return [];
}

/** A lab administrator sets a category's rule (conditional on the version shown: a stale form is 409). Audited. */
export async function updateReleaseRule(
  db: Db,
  ctx: ServiceContext,
  category: LabCategory,
  input: ReleaseRuleUpdate,
): Promise<ReleaseRule> {
  const errors = releaseRuleErrors(input);
  if (errors.length > 0) throw validationFailed(errors);
  const rule = input.rule as LabReleaseRule;
  const days = rule === 'after_days' ? input.days : null;
  const updatedBy = ctx.actor?.kind === 'user' ? ctx.actor.userId : null;
  return db.transaction(async (tx) => {
    const rows =
      input.version === 0
        ? await tx.insert(labReleaseRules).values({ category, rule, days, updatedBy, updatedAt: ctx.now }).onConflictDoNothing().returning()
        : await tx
            .update(labReleaseRules)
            .set({ rule, days, updatedBy, updatedAt: ctx.now, version: sql`${labReleaseRules.version} + 1` })
            .where(sql`${labReleaseRules.category} = ${category} and ${labReleaseRules.version} = ${input.version}`)
            .returning();
    const row = rows[0];
    if (!row) throw conflict('Someone changed this release rule meanwhile. Reload the page and make your change again.');
    await writeAudit(
      tx,
      auditActorOf(ctx.actor),
      ctx.origin,
      {
        action: 'lab_catalogue.update',
        resourceType: 'lab_release_rule',
        resourceId: null,
        category: 'administration',
        detail: { category, rule, days, version: row.version },
      },
      ctx.now,
    );
    return { category, rule: row.rule, days: row.days, version: row.version };
  });
}
