import { z } from 'zod';
import { NOTE_STATUSES } from './notes.tables.js';

export const noteParamsSchema = z.object({ id: z.uuid() });

const field = z.string().max(20000);
export const SOAP_FIELDS = ['subjective', 'objective', 'assessment', 'plan', 'freeText'] as const;

export const createNoteBodySchema = z.strictObject({
  subjective: field.optional(),
  objective: field.optional(),
  assessment: field.optional(),
  plan: field.optional(),
  freeText: field.optional(),
});
export type CreateNoteInput = z.infer<typeof createNoteBodySchema>;

export const updateNoteBodySchema = createNoteBodySchema;
export type UpdateNoteInput = z.infer<typeof updateNoteBodySchema>;

export const amendNoteBodySchema = createNoteBodySchema.extend({ reason: z.string().trim().min(1).max(2000) });
export type AmendNoteInput = z.infer<typeof amendNoteBodySchema>;

export const noteVersionSchema = z.object({
  id: z.uuid(),
  revision: z.number().int(),
  status: z.enum(NOTE_STATUSES),
  signedAt: z.date().nullable(),
  authorName: z.string(),
  amendmentReason: z.string().nullable(),
});
export type NoteVersion = z.infer<typeof noteVersionSchema>;

export const noteSchema = z.object({
  id: z.uuid(),
  encounterId: z.uuid(),
  patientId: z.uuid(),
  authorId: z.uuid(),
  authorName: z.string(),
  status: z.enum(NOTE_STATUSES),
  revision: z.number().int(),
  originalId: z.uuid().nullable(),
  supersedesId: z.uuid().nullable(),
  supersededById: z.uuid().nullable(),
  subjective: z.string(),
  objective: z.string(),
  assessment: z.string(),
  plan: z.string(),
  freeText: z.string(),
  amendmentReason: z.string().nullable(),
  signedAt: z.date().nullable(),
  version: z.number().int(),
  createdAt: z.date(),
  updatedAt: z.date(),
  versions: z.array(noteVersionSchema),
});
export type Note = z.infer<typeof noteSchema>;

export const noteListSchema = z.object({ items: z.array(noteSchema.omit({ versions: true })) });

/** The chart's view of a note (fixed interface with the CHART engineer). */
export interface ChartNote {
  id: string;
  encounterId: string;
  status: 'draft' | 'signed' | 'amended';
  signedAt: Date | null;
  authorName: string;
  assessmentExcerpt: string | null;
}
