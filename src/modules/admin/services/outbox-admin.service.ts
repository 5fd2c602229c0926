import { auditActorOf, writeAudit } from '../../../platform/audit/audit.service.js';
import type { ServiceContext } from '../../../platform/auth/actor.js';
import type { Db } from '../../../platform/db/database.js';
import { conflict, notFound, validationFailed } from '../../../platform/errors.js';
import { decodeCursor, encodeCursor } from '../../../platform/http/api-helpers.js';
import type { OutboxMessageDto, OutboxQuery } from '../admin.schemas.js';
import { findOutboxMessage, requeueOutboxMessage, selectOutbox, type OutboxRow } from '../outbox.repository.js';

/**
 * The outbox as administrators see it. Message text is shown only in demo mode: elsewhere it
 * could hand an administrator someone's password-reset or invitation link. HL7 orders are never
 * shown: they name a patient, and the outbox holds them encrypted.
 */
export function toOutboxDto(row: OutboxRow, demoMode: boolean): OutboxMessageDto {
  return {
    id: row.id,
    channel: row.channel,
    to: row.to,
    subject: row.subject,
    text: demoMode && row.channel !== 'hl7' ? row.text : null,
    template: row.template,
    status: row.status,
    attempts: row.attempts,
    createdAt: row.createdAt.toISOString(),
  };
}

export async function listOutbox(
  db: Db,
  ctx: ServiceContext,
  query: OutboxQuery,
  demoMode: boolean,
): Promise<{ items: OutboxMessageDto[]; nextCursor: string | null }> {
  const cursor = decodeCursor(query.cursor);
  if (cursor && (cursor.length !== 2 || !cursor.every((v) => typeof v === 'string')))
    throw validationFailed([{ path: 'cursor', message: 'Invalid cursor' }], 'The cursor is not valid.');
  return db.transaction(async (tx) => {
    const rows = await selectOutbox(tx, {
      channel: query.channel,
      status: query.status,
      after: cursor as [string, string] | undefined,
      limit: query.limit + 1,
    });
    const page = rows.slice(0, query.limit);
    await writeAudit(
      tx,
      auditActorOf(ctx.actor),
      ctx.origin,
      {
        action: 'admin.outbox.search',
        resourceType: 'outbox',
        category: 'administration',
        detail: { returned: page.length, textShown: demoMode },
      },
      ctx.now,
    );
    const last = page.at(-1);
    return {
      items: page.map((r) => toOutboxDto(r, demoMode)),
      nextCursor: rows.length > query.limit && last ? encodeCursor([last.sortAt, last.id]) : null,
    };
  });
}

export async function getOutboxMessage(db: Db, ctx: ServiceContext, id: string, demoMode: boolean): Promise<OutboxMessageDto> {
  return db.transaction(async (tx) => {
    const row = await findOutboxMessage(tx, id);
    if (!row) throw notFound('The message');
    await writeAudit(
      tx,
      auditActorOf(ctx.actor),
      ctx.origin,
      { action: 'admin.outbox.read', resourceType: 'outbox', resourceId: id, category: 'administration', detail: { textShown: demoMode } },
      ctx.now,
    );
    return toOutboxDto(row, demoMode);
  });
}

/** Puts a failed or dead message back in the queue; any other state is a 409. */
export async function retryOutboxMessage(db: Db, ctx: ServiceContext, id: string, demoMode: boolean): Promise<OutboxMessageDto> {
  return db.transaction(async (tx) => {
    const row = await findOutboxMessage(tx, id);
    if (!row) throw notFound('The message');
    if (!(await requeueOutboxMessage(tx, id))) throw conflict(`Only failed or dead messages can be retried; this one is ${row.status}.`);
    await writeAudit(
      tx,
      auditActorOf(ctx.actor),
      ctx.origin,
      {
        action: 'admin.outbox.retry',
        resourceType: 'outbox',
        resourceId: id,
        category: 'administration',
        detail: { previousStatus: row.status },
      },
      ctx.now,
    );
    return toOutboxDto((await findOutboxMessage(tx, id))!, demoMode);
  });
}
