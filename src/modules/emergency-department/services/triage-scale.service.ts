import { auditActorOf, writeAudit } from '../../../platform/audit/audit.service.js';
import type { ServiceContext } from '../../../platform/auth/actor.js';
import type { Db } from '../../../platform/db/database.js';
import { AppError, notFound } from '../../../platform/errors.js';
import { assertVersion } from '../../../platform/http/api-helpers.js';
import type { TriageLevelDto, UpdateTriageLevelInput } from '../ed.schemas.js';
import { listTriageLevels, updateTriageLevel, type TriageLevelRow } from '../ed.repository.js';
import { levelDto } from './arrival-views.js';

/** The five levels, 1 first. */
export async function readTriageScale(db: Db): Promise<readonly TriageLevelRow[]> {
  return listTriageLevels(db);
}

export async function triageScale(db: Db): Promise<TriageLevelDto[]> {
  return (await listTriageLevels(db)).map(levelDto);
}

/**
 * An administrator changes a level's label or target time (minutes to be seen). Optimistic
 * concurrency through `version`; audited with before and after. Arrivals keep their level number, so
 * the board shows the new label and measures waits against the new target at once.
 */
export async function changeTriageLevel(
  db: Db,
  ctx: ServiceContext,
  level: number,
  input: UpdateTriageLevelInput,
  version: number | undefined,
): Promise<TriageLevelDto> {
  return db.transaction(async (tx) => {
    const before = (await listTriageLevels(tx)).find((l) => l.level === level);
    if (!before) throw notFound('The triage level');
    assertVersion(before.version, version);
    const after = await updateTriageLevel(tx, level, { ...input, updatedBy: ctx.actor.userId }, version, ctx.now);
    if (!after)
      throw new AppError('version_mismatch', 'Someone else changed this record since you loaded it. Reload and apply your change again.');
    await writeAudit(
      tx,
      auditActorOf(ctx.actor),
      ctx.origin,
      {
        action: 'ed.triage_scale.update',
        resourceType: 'ed_triage_level',
        resourceId: String(level),
        category: 'administration',
        detail: {
          level,
          before: { label: before.label, targetMinutes: before.targetMinutes },
          after: { label: after.label, targetMinutes: after.targetMinutes },
        },
      },
      ctx.now,
    );
    return levelDto(after);
  });
}
