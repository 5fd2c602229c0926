import { z } from 'zod';

export const TIMELINE_KINDS = ['encounter', 'note', 'diagnosis', 'condition', 'procedure', 'document', 'care_plan'] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

export const timelineQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(200).optional(),
});

/** One event of the patient's history. `title` is a code or a short label; no note text. */
export const timelineItemSchema = z.object({
  kind: z.enum(TIMELINE_KINDS),
  id: z.string(),
  at: z.date(),
  title: z.string(),
  code: z.string().nullable(),
  status: z.string().nullable(),
  encounterId: z.string().nullable(),
});
export type TimelineItem = z.infer<typeof timelineItemSchema>;

export const timelineSchema = z.object({ items: z.array(timelineItemSchema), nextCursor: z.string().nullable() });
export type Timeline = z.infer<typeof timelineSchema>;
