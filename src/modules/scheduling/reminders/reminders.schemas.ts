import { z } from 'zod';
import { REMINDER_KINDS, REMINDER_STATUSES } from './reminders.tables.js';

/** Follow-up reminders a clinician asks for after a visit. */

export const followUpBodySchema = z
  .strictObject({
    dueAt: z.iso.datetime({ offset: true }).optional().describe('When to remind the patient (ISO 8601 instant with offset)'),
    afterDays: z.number().int().min(1).max(730).optional().describe('Or: this many days from now'),
    note: z
      .string()
      .trim()
      .min(1)
      .max(500)
      .optional()
      .describe('Shown to the patient in the notification centre only (never by e-mail or SMS)'),
  })
  .refine((body) => (body.dueAt === undefined) !== (body.afterDays === undefined), {
    message: 'Give either dueAt or afterDays.',
    path: ['dueAt'],
  });
export type FollowUpInput = z.infer<typeof followUpBodySchema>;

export const reminderSchema = z.object({
  id: z.uuid(),
  appointmentId: z.uuid(),
  kind: z.enum(REMINDER_KINDS),
  dueAt: z.date(),
  status: z.enum(REMINDER_STATUSES),
  sentAt: z.date().nullable(),
  note: z.string().nullable(),
  createdAt: z.date(),
});
export type Reminder = z.infer<typeof reminderSchema>;
