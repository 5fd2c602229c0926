import { z } from 'zod';
import { EXTERNAL_CHANNELS, NOTIFICATION_CATEGORIES } from './notifications.tables.js';

export const categorySchema = z.enum(NOTIFICATION_CATEGORIES);
export const channelSchema = z.enum(EXTERNAL_CHANNELS);
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time such as 22:00');

export const idParamsSchema = z.object({ id: z.uuid() });

export const notificationListQuerySchema = z.object({
  unread: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
});
export type NotificationListQuery = z.infer<typeof notificationListQuerySchema>;

export const notificationSchema = z.object({
  id: z.uuid(),
  category: categorySchema,
  title: z.string(),
  body: z.string(),
  link: z.string().nullable(),
  read: z.boolean(),
  readAt: z.string().nullable(),
  createdAt: z.string(),
});
export type NotificationDto = z.infer<typeof notificationSchema>;

export const notificationListSchema = z.object({
  items: z.array(notificationSchema),
  nextCursor: z.string().nullable(),
  unreadCount: z.number().int(),
});
export type NotificationListDto = z.infer<typeof notificationListSchema>;

export const readAllResultSchema = z.object({ updated: z.number().int(), unreadCount: z.number().int() });

export const quietHoursSchema = z
  .object({ start: hhmm, end: hhmm })
  .refine((q) => q.start !== q.end, { message: 'start and end must differ', path: ['end'] });

export const preferencesSchema = z.object({
  categories: z.array(z.object({ category: categorySchema, channels: z.array(channelSchema), inApp: z.literal(true) })),
  quietHours: z.object({ start: z.string(), end: z.string() }).nullable(),
  timeZone: z.string(),
});
export type PreferencesDto = z.infer<typeof preferencesSchema>;

export const updatePreferencesBodySchema = z.strictObject({
  categories: z
    .array(z.strictObject({ category: categorySchema, channels: z.array(channelSchema).max(3) }))
    .max(NOTIFICATION_CATEGORIES.length)
    .refine((list) => new Set(list.map((c) => c.category)).size === list.length, { message: 'each category at most once' })
    .optional(),
  quietHours: z
    .strictObject({ start: hhmm, end: hhmm })
    .refine((q) => q.start !== q.end, { message: 'start and end must differ', path: ['end'] })
    .nullable()
    .optional(),
});
export type UpdatePreferencesInput = z.infer<typeof updatePreferencesBodySchema>;
