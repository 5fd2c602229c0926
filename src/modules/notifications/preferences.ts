import { NOTIFICATION_CATEGORIES, type ExternalChannel, type NotificationCategory } from './notifications.tables.js';

/**
 * What a person gets when they have chosen nothing: in-app always; e-mail for everything but
 * medication and messages; SMS for emergencies; push for emergencies and messages.
 */
export const DEFAULT_CHANNELS: Record<NotificationCategory, ExternalChannel[]> = {
  appointment: ['email'],
  medication: [],
  lab_result: ['email'],
  billing: ['email'],
  message: ['push'],
  emergency: ['email', 'sms', 'push'],
  security: ['email'],
  system: ['email'],
};

/** Emergencies and security messages go out at once, whatever the quiet hours. */
export const IGNORES_QUIET_HOURS: readonly NotificationCategory[] = ['emergency', 'security'];

export function effectiveChannels(
  saved: { category: NotificationCategory; channels: ExternalChannel[] }[],
  category: NotificationCategory,
): ExternalChannel[] {
  return saved.find((p) => p.category === category)?.channels ?? DEFAULT_CHANNELS[category];
}

export function allEffectiveChannels(saved: { category: NotificationCategory; channels: ExternalChannel[] }[]) {
  return NOTIFICATION_CATEGORIES.map((category) => ({ category, channels: effectiveChannels(saved, category) }));
}
