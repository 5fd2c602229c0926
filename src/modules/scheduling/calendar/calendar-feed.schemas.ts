import { z } from 'zod';

export const calendarFeedStatusSchema = z.object({
  enabled: z.boolean(),
  issuedAt: z.date().nullable().describe('When the current link was made (created or last rotated)'),
});

export const calendarFeedIssuedSchema = z.object({
  url: z.url().describe('The private feed URL: shown this once, keep it secret (anyone with it sees your appointment times)'),
  issuedAt: z.date(),
  rotated: z.boolean().describe('True when an earlier link existed and now no longer works'),
});

export const calendarFeedParamsSchema = z.object({ token: z.string().max(200) });
