import type { ServiceContext } from '../../../platform/auth/actor.js';
import type { Db } from '../../../platform/db/database.js';
import { validationFailed } from '../../../platform/errors.js';
import { decodeCursor, encodeCursor } from '../../../platform/http/api-helpers.js';
import type { Translate } from '../../../platform/i18n/i18n.js';
import type { AlertDetailDto, AlertDto, AlertListQuery, AlertRecipientDto, Banner } from '../alerts.schemas.js';
import { selectActiveAlertsFor, selectAlerts, selectRecipients, type RecipientRow } from '../alerts.repository.js';
import { bannerOf, isBroadcaster, loadVisibleAlert, seesAcknowledgements, toAlertDto } from './alert-access.js';

/** The history, newest first: broadcasters see every alert, other staff the ones addressed to them. */
export async function listAlerts(
  db: Db,
  ctx: ServiceContext,
  query: AlertListQuery,
): Promise<{ items: AlertDto[]; nextCursor: string | null }> {
  const cursor = decodeCursor(query.cursor);
  if (cursor && (cursor.length !== 2 || !cursor.every((v) => typeof v === 'string')))
    throw validationFailed([{ path: 'cursor', message: 'Invalid cursor' }], 'The cursor is not valid.');
  const rows = await selectAlerts(db, {
    viewerUserId: ctx.actor.userId,
    restrictTo: isBroadcaster(ctx.actor) ? undefined : ctx.actor.userId,
    status: query.status,
    after: cursor as [string, string] | undefined,
    limit: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return { items: page.map(toAlertDto), nextCursor: rows.length > query.limit && last ? encodeCursor([last.sortAt, last.id]) : null };
}

const recipientDto = (r: RecipientRow): AlertRecipientDto => ({
  userId: r.userId,
  name: r.name,
  role: r.role,
  department: r.department,
  acknowledgedAt: r.acknowledgedAt?.toISOString() ?? null,
});

/** One alert with its counts; the sender and broadcasters also get who has and has not acknowledged. */
export async function getAlert(db: Db, ctx: ServiceContext, id: string): Promise<AlertDetailDto> {
  const row = await loadVisibleAlert(db, ctx, id);
  if (!seesAcknowledgements(ctx.actor, row)) return { ...toAlertDto(row), acknowledgements: null };
  const recipients = await selectRecipients(db, id);
  return {
    ...toAlertDto(row),
    acknowledgements: {
      acknowledged: recipients.filter((r) => r.acknowledgedAt).map(recipientDto),
      pending: recipients.filter((r) => !r.acknowledgedAt).map(recipientDto),
    },
  };
}

/** Banners for the signed-in person: their unacknowledged alerts still in force, in their language. */
export async function activeBanners(db: Db, userId: string, t: Translate): Promise<{ items: Banner[] }> {
  const rows = await selectActiveAlertsFor(db, userId);
  return { items: rows.map((row) => bannerOf(t, row)) };
}
