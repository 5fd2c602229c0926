import { createHash } from 'node:crypto';
import type { Db } from '../../../platform/db/database.js';
import { publishEvent } from '../../../platform/events/index.js';
import { translator } from '../../../platform/i18n/i18n.js';
import { queueMessage } from '../../../platform/outbox/outbox.service.js';
import {
  countUnread,
  deferOutboxMessage,
  findRecipient,
  insertNotification,
  selectPreferences,
  selectQuietHours,
} from '../notifications.repository.js';
import type { ExternalChannel, NotificationCategory } from '../notifications.tables.js';
import { effectiveChannels, IGNORES_QUIET_HOURS } from '../preferences.js';
import { quietHoursRelease } from '../quiet-hours.js';

export interface NotifyInput {
  recipientUserId: string;
  category: NotificationCategory;
  /** Locale key prefix: `<template>_title`, `<template>_body` (in-app) and `<template>_external`. */
  template: string;
  params?: Record<string, string | number>;
  /** A local path to the subject, e.g. `/portal/appointments/<id>`. */
  link?: string;
  /** Notifying twice with the same key (for the same person) does nothing the second time. */
  dedupeKey?: string;
  /**
   * Exactly these external channels, instead of the person's preferences: for messages whose
   * sender decides how they travel (a hospital-wide emergency broadcast).
   */
  channels?: ExternalChannel[];
}

let settings = { publicUrl: 'http://localhost:3000' };

/** Set once at start-up: external messages link to the sign-in page of this address. */
export function configureNotifications(options: { publicUrl: string }): void {
  settings = { publicUrl: options.publicUrl.replace(/\/$/, '') };
}

function messageIdFor(userId: string, dedupeKey: string, channel: ExternalChannel): string {
  return `notification:${createHash('sha256').update(`${userId}\u0000${dedupeKey}\u0000${channel}`).digest('hex').slice(0, 40)}`;
}

/**
 * Notifies one person, with the caller's handle (so it commits or rolls back with the change that
 * caused it): the in-app notification at once, an outbox message for each external channel their
 * preferences enable for the category (held until their quiet hours end, except emergencies and
 * security), and a `notification.created` event to their open pages. Texts are rendered in the
 * recipient's language. External texts come from the `_external` template and never carry
 * clinical details (SECURITY.md); titles double as e-mail subjects, so they must not either.
 */
export async function notify(db: Db, input: NotifyInput, now: Date): Promise<void> {
  if (input.link !== undefined && (!input.link.startsWith('/') || input.link.startsWith('//'))) {
    throw new Error('notify: link must be a local path');
  }
  const recipient = await findRecipient(db, input.recipientUserId);
  if (!recipient || recipient.disabled) return;
  const t = translator(recipient.locale);
  const params = input.params ?? {};
  const title = t(`${input.template}_title`, params);
  const notificationId = await insertNotification(db, {
    userId: recipient.userId,
    category: input.category,
    template: input.template,
    title,
    body: t(`${input.template}_body`, params),
    link: input.link ?? null,
    dedupeKey: input.dedupeKey ?? null,
    createdAt: now,
  });
  if (!notificationId) return; // already notified for this key

  const saved = await selectPreferences(db, recipient.userId);
  const quiet = await selectQuietHours(db, recipient.userId);
  const release = quiet && !IGNORES_QUIET_HOURS.includes(input.category) ? quietHoursRelease(now, quiet, recipient.timeZone) : null;
  const signIn = `${settings.publicUrl}/login?next=${encodeURIComponent(input.link ?? '/notifications')}`;
  const external = `${t(`${input.template}_external`, params)}\n\n${t('notifications.external_sign_in', { url: signIn })}`;
  for (const channel of input.channels ?? effectiveChannels(saved, input.category)) {
    const to = channel === 'email' ? recipient.email : channel === 'sms' ? recipient.phone : recipient.userId;
    if (!to) continue; // SMS only when a phone number is known
    const messageId = input.dedupeKey
      ? messageIdFor(recipient.userId, input.dedupeKey, channel)
      : `notification:${notificationId}:${channel}`;
    await queueMessage(
      db,
      {
        channel,
        to,
        recipientUserId: recipient.userId,
        template: input.template,
        subject: title,
        text: external,
        messageId,
        metadata: { notificationId, category: input.category },
      },
      now,
    );
    if (release) await deferOutboxMessage(db, messageId, release);
  }

  await publishEvent(
    db,
    {
      type: 'notification.created',
      audience: { userIds: [recipient.userId] },
      data: {
        id: notificationId,
        category: input.category,
        title,
        link: input.link ?? null,
        unreadCount: await countUnread(db, recipient.userId),
      },
    },
    now,
  );
}
