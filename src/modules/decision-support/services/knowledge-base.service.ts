import { randomUUID } from 'node:crypto';
import type { ServiceContext } from '../../../platform/auth/actor.js';
import { auditActorOf, writeAudit } from '../../../platform/audit/audit.service.js';
import type { Db } from '../../../platform/db/database.js';
import { AppError, forbidden, notFound, validationFailed } from '../../../platform/errors.js';
import { assertVersion } from '../../../platform/http/api-helpers.js';
import {
  findCondition,
  insertGuideline,
  selectConditionSummaries,
  selectGuidelines,
  updateConditionRow,
  type ConditionRow,
  type ConditionSummary,
  type GuidelineRow,
} from '../decision-support.repository.js';
import { kbDiscriminatorSchema, kbFindingSchema, type ConditionEdit, type KbGuidelineInput } from '../decision-support.schemas.js';
import { ensureKnowledgeBaseLoaded } from './knowledge-base-loader.service.js';
import { z } from 'zod';

export interface ConditionEntry extends ConditionRow {
  approvedByEmail: string | null;
}

const entryOf = (row: { condition: ConditionRow; approvedByEmail: string | null }): ConditionEntry => ({
  ...row.condition,
  approvedByEmail: row.approvedByEmail,
});

export type { ConditionSummary };

/** The whole knowledge base by name, each entry as the browse page shows it. */
export async function listConditions(db: Db, now: Date): Promise<ConditionSummary[]> {
  await ensureKnowledgeBaseLoaded(db, now);
  return selectConditionSummaries(db);
}

/** One entry, or 404. */
export async function getCondition(db: Db, id: string): Promise<ConditionEntry> {
  const row = await findCondition(db, id);
  if (!row) throw notFound('The entry');
  return entryOf(row);
}

const findingsListSchema = z.array(kbFindingSchema).min(1).max(30);
const discriminatorsListSchema = z.array(kbDiscriminatorSchema).max(10);

function parseJsonList<T>(text: string | undefined, schema: z.ZodType<T>, path: string): T | undefined {
  if (text === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw validationFailed([{ path, message: 'This is not valid JSON.' }]);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw validationFailed(parsed.error.issues.map((i) => ({ path: [path, ...i.path.map(String)].join('.'), message: i.message })));
  }
  return parsed.data;
}

/**
 * Changes an entry's text, source, findings or tests (people with `decision-support.manage`).
 * Any change withdraws a doctor's approval: the entry is "unreviewed" again until a doctor
 * approves what it now says. Audited with the fields changed.
 */
export async function updateCondition(
  db: Db,
  ctx: ServiceContext,
  id: string,
  edit: ConditionEdit,
  expectedVersion: number | undefined,
): Promise<ConditionEntry> {
  const findings = parseJsonList(edit.findingsJson, findingsListSchema, 'findingsJson');
  const discriminators = parseJsonList(edit.discriminatorsJson, discriminatorsListSchema, 'discriminatorsJson');
  await db.transaction(async (tx) => {
    const current = await findCondition(tx, id, { forUpdate: true });
    if (!current) throw notFound('The entry');
    assertVersion(current.condition.version, expectedVersion, { required: true });
    const next = {
      name: edit.name,
      summary: edit.summary,
      sourceTitle: edit.sourceTitle,
      sourceUrl: edit.sourceUrl ?? null,
      active: edit.active === undefined ? current.condition.active : edit.active === 'true',
      ...(findings ? { findings } : {}),
      ...(discriminators ? { discriminators } : {}),
    };
    const changed = (Object.keys(next) as (keyof typeof next)[])
      .filter((k) => JSON.stringify(next[k]) !== JSON.stringify(current.condition[k]))
      .sort();
    if (changed.length === 0) return;
    const contentChanged = changed.some((k) => k !== 'active');
    const review = contentChanged ? { reviewStatus: 'unreviewed' as const, approvedBy: null, approvedAt: null } : {};
    const ok = await updateConditionRow(
      tx,
      id,
      { ...next, ...review, updatedBy: ctx.actor.userId, updatedAt: ctx.now },
      current.condition.version,
    );
    if (!ok) throw new AppError('version_mismatch', 'Someone changed this entry meanwhile: reload it.');
    await writeAudit(
      tx,
      auditActorOf(ctx.actor),
      ctx.origin,
      {
        action: 'decision_support.condition.update',
        resourceType: 'ds_condition',
        resourceId: id,
        category: 'administration',
        severity: contentChanged ? 'medium' : 'low',
        detail: {
          changed,
          fromVersion: current.condition.version,
          approvalWithdrawn: contentChanged && current.condition.reviewStatus === 'approved',
        },
      },
      ctx.now,
    );
  });
  return getCondition(db, id);
}

/**
 * A doctor of the hospital approves an entry as it stands (version named, so an approval never
 * covers text the doctor did not see). Only doctors, whatever the role table says; audited.
 */
export async function approveCondition(db: Db, ctx: ServiceContext, id: string, version: number | undefined): Promise<ConditionEntry> {
  if (ctx.actor.role !== 'doctor') throw forbidden('Only a doctor approves knowledge-base entries.');
  await db.transaction(async (tx) => {
    const current = await findCondition(tx, id, { forUpdate: true });
    if (!current) throw notFound('The entry');
    assertVersion(current.condition.version, version, { required: true });
    if (current.condition.reviewStatus === 'approved') return;
    await updateConditionRow(
      tx,
      id,
      { reviewStatus: 'approved', approvedBy: ctx.actor.userId, approvedAt: ctx.now, updatedBy: ctx.actor.userId, updatedAt: ctx.now },
      current.condition.version,
    );
    await writeAudit(
      tx,
      auditActorOf(ctx.actor),
      ctx.origin,
      {
        action: 'decision_support.condition.approve',
        resourceType: 'ds_condition',
        resourceId: id,
        category: 'administration',
        severity: 'medium',
        detail: { version: current.condition.version, from: current.condition.reviewStatus },
      },
      ctx.now,
    );
  });
  return getCondition(db, id);
}

/** The guideline library: shipped summaries and the hospital's protocols, by title. */
export async function listGuidelines(db: Db, now: Date): Promise<GuidelineRow[]> {
  await ensureKnowledgeBaseLoaded(db, now);
  return selectGuidelines(db);
}

/** Adds a hospital protocol (people with `decision-support.manage`), with its citation; audited. */
export async function addProtocol(db: Db, ctx: ServiceContext, input: Omit<KbGuidelineInput, 'key'>): Promise<GuidelineRow> {
  return db.transaction(async (tx) => {
    const row = await insertGuideline(tx, {
      key: `hospital-${randomUUID()}`,
      title: input.title,
      summary: input.summary,
      sourceTitle: input.source.title,
      sourceUrl: input.source.url ?? null,
      origin: 'hospital',
      icd10Prefixes: input.icd10Prefixes,
      loincCodes: input.loincCodes,
      createdBy: ctx.actor.userId,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    });
    await writeAudit(
      tx,
      auditActorOf(ctx.actor),
      ctx.origin,
      {
        action: 'decision_support.protocol.create',
        resourceType: 'ds_guideline',
        resourceId: row.id,
        category: 'administration',
        severity: 'low',
      },
      ctx.now,
    );
    return row;
  });
}
