import { z } from 'zod';
import { COMPARATORS, GUIDELINE_ORIGINS, REVIEW_STATUSES } from './decision-support.vocabulary.js';

const weight = z.number().int().min(1).max(10);
const loinc = z.string().regex(/^\d{1,7}-\d$/, 'a LOINC code such as 2823-3');

/** A finding that raises a condition: words in the notes, a measured value, or a recorded diagnosis. */
export const kbFindingSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('symptom'),
    label: z.string().min(1).max(120),
    /** Lower-case words or phrases looked for in the encounter's notes (a preceding "no", "denies" or "without" cancels). */
    terms: z.array(z.string().min(2).max(60)).min(1).max(12),
    weight,
  }),
  z.strictObject({
    kind: z.literal('observation'),
    label: z.string().min(1).max(120),
    loinc,
    comparator: z.enum(COMPARATORS),
    value: z.number().finite(),
    /** UCUM; a value in another unit is not compared (no silent conversion). */
    unit: z.string().min(1).max(20),
    weight,
  }),
  z.strictObject({
    kind: z.literal('diagnosis'),
    label: z.string().min(1).max(120),
    icd10Prefix: z.string().regex(/^[A-Z][0-9][0-9A-Z.]{0,6}$/, 'an ICD-10 code or its start, such as J18'),
    weight,
  }),
]);
export type KbFinding = z.infer<typeof kbFindingSchema>;

/** What would help tell a condition apart: a test (with its LOINC code when it is a lab test) or an examination. */
export const kbDiscriminatorSchema = z.strictObject({
  label: z.string().min(1).max(200),
  loinc: loinc.optional(),
});
export type KbDiscriminator = z.infer<typeof kbDiscriminatorSchema>;

const sourceTitle = z.string().trim().min(1, 'every entry names its source').max(400);
const sourceUrl = z.url({ protocol: /^https$/ }).max(500);

/** A knowledge-base entry as shipped or written by the hospital: a source is required. */
export const kbConditionInputSchema = z.strictObject({
  key: z.string().regex(/^[a-z0-9-]{2,60}$/),
  name: z.string().trim().min(1).max(160),
  summary: z.string().trim().min(1).max(2000),
  icd10Code: z
    .string()
    .regex(/^[A-Z][0-9][0-9A-Z.]{0,6}$/)
    .optional(),
  findings: z.array(kbFindingSchema).min(1).max(30),
  discriminators: z.array(kbDiscriminatorSchema).max(10),
  source: z.strictObject({ title: sourceTitle, url: sourceUrl.optional() }),
  reviewStatus: z.enum(['unreviewed', 'reference']),
});
export type KbConditionInput = z.infer<typeof kbConditionInputSchema>;

export const kbGuidelineInputSchema = z
  .strictObject({
    key: z.string().regex(/^[a-z0-9-]{2,60}$/),
    title: z.string().trim().min(1).max(200),
    summary: z.string().trim().min(1).max(4000),
    source: z.strictObject({ title: sourceTitle, url: sourceUrl.optional() }),
    icd10Prefixes: z.array(z.string().regex(/^[A-Z][0-9][0-9A-Z.]{0,6}$/)).max(20),
    loincCodes: z.array(loinc).max(20),
  })
  .refine((g) => g.icd10Prefixes.length + g.loincCodes.length > 0, {
    message: 'name at least one ICD-10 code or LOINC code that shows it',
    path: ['icd10Prefixes'],
  });
export type KbGuidelineInput = z.infer<typeof kbGuidelineInputSchema>;

/** The hospital's edit of an entry (page form): the text, the source and whether it is offered. */
export const conditionEditSchema = z.strictObject({
  name: z.string().trim().min(1).max(160),
  summary: z.string().trim().min(1).max(2000),
  sourceTitle,
  sourceUrl: sourceUrl.optional(),
  active: z.enum(['true', 'false']).optional(),
  /** The findings and the tests as JSON (the page shows the current ones to edit). */
  findingsJson: z.string().max(20000).optional(),
  discriminatorsJson: z.string().max(5000).optional(),
});
export type ConditionEdit = z.infer<typeof conditionEditSchema>;

export const protocolFormSchema = z.strictObject({
  title: z.string().trim().min(1).max(200),
  summary: z.string().trim().min(1).max(4000),
  sourceTitle,
  sourceUrl: sourceUrl.optional(),
  /** Comma- or space-separated ICD-10 codes or starts (J18, I21). */
  icd10Prefixes: z.string().max(400).optional(),
  loincCodes: z.string().max(400).optional(),
});

export const idParamsSchema = z.strictObject({ id: z.uuid() });

/** A lab result another module (labs) can pass in later: a LOINC code, a number and its UCUM unit. */
export const labResultInputSchema = z.strictObject({
  loinc,
  value: z.number().finite(),
  unit: z.string().min(1).max(20),
});
export type LabResultInput = z.infer<typeof labResultInputSchema>;

const sourceSchema = z.object({ title: z.string(), url: z.string().nullable() });

const evidenceSchema = z.object({
  kind: z.enum(['symptom', 'observation', 'diagnosis']),
  label: z.string(),
  weight: z.number().int(),
  /** What in the record matched: the word found, the value with its unit, or the diagnosis code. */
  matched: z.string(),
});

export const considerationSchema = z.object({
  conditionId: z.uuid(),
  name: z.string(),
  icd10Code: z.string().nullable(),
  score: z.number().int(),
  reviewStatus: z.enum(REVIEW_STATUSES),
  evidence: z.array(evidenceSchema),
  toTellApart: z.array(z.object({ label: z.string(), loinc: z.string().nullable() })),
  source: sourceSchema,
});
export type Consideration = z.infer<typeof considerationSchema>;

export const guidelineSummarySchema = z.object({
  id: z.uuid(),
  title: z.string(),
  summary: z.string(),
  origin: z.enum(GUIDELINE_ORIGINS),
  source: sourceSchema,
  /** The diagnosis code or LOINC code in the encounter that showed it. */
  matchedBy: z.string(),
});
export type GuidelineSummary = z.infer<typeof guidelineSummarySchema>;

export const considerationsResponseSchema = z.object({
  encounterId: z.uuid(),
  /** Always "things to consider": never a diagnosis. */
  presentation: z.literal('things_to_consider'),
  items: z.array(considerationSchema),
  guidelines: z.array(guidelineSummarySchema),
});
export type ConsiderationsResponse = z.infer<typeof considerationsResponseSchema>;
