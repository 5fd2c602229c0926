import { auditActorOf, writeAudit } from '../../../platform/audit/audit.service.js';
import type { ServiceContext } from '../../../platform/auth/actor.js';
import type { Db } from '../../../platform/db/database.js';
import { saveQuietHours, selectPreferences, selectQuietHours, upsertPreference } from '../notifications.repository.js';
import type { PreferencesDto, UpdatePreferencesInput } from '../notifications.schemas.js';
import { allEffectiveChannels } from '../preferences.js';

export async function getPreferences(db: Db, ctx: ServiceContext): Promise<PreferencesDto> {
  const saved = await selectPreferences(db, ctx.actor.userId);
  const quiet = await selectQuietHours(db, ctx.actor.userId);
  return {
    categories: allEffectiveChannels(saved).map((c) => ({ ...c, inApp: true as const })),
    quietHours: quiet ?? null,
    timeZone: ctx.actor.timeZone,
  };
}

/**
 * Saves the categories given (others keep their setting) and, when present, the quiet hours
 * (null clears them). In-app notifications cannot be turned off. Audited without the values'
 * meaning beyond codes.
 */
export async function updatePreferences(db: Db, ctx: ServiceContext, input: UpdatePreferencesInput): Promise<PreferencesDto> {
  await db.transaction(async (tx) => {
    for (const entry of input.categories ?? []) {
      await upsertPreference(tx, ctx.actor.userId, entry.category, [...new Set(entry.channels)], ctx.now);
    }
    if (input.quietHours !== undefined) await saveQuietHours(tx, ctx.actor.userId, input.quietHours, ctx.now);
    await writeAudit(
      tx,
      auditActorOf(ctx.actor),
      ctx.origin,
      {
        action: 'notifications.preferences.update',
        resourceType: 'user',
        resourceId: ctx.actor.userId,
        category: 'security',
        detail: {
          categories: (input.categories ?? []).map((c) => c.category),
          quietHours: input.quietHours === undefined ? 'unchanged' : input.quietHours ? 'set' : 'cleared',
        },
      },
      ctx.now,
    );
  });
  return getPreferences(db, ctx);
}
