import { z } from 'zod';
import {
  LAB_FLAGS,
  LAB_ORDER_STATUSES,
  LAB_PERFORMERS,
  LAB_PRIORITIES,
  LAB_RANGE_SEXES,
  LAB_RESULT_SOURCES,
  LAB_RESULT_STATUSES,
  LAB_SPECIMENS,
} from './labs.vocabulary.js';

const instant = z.iso.datetime({ offset: true });
const limit = z.number().finite().nullable();

export const rangeSchema = z
  .object({
    sex: z.enum(LAB_RANGE_SEXES),
    ageMin: z.number().int().min(0).max(150),
    ageMax: z.number().int().min(1).max(151).nullable(),
    low: limit,
    high: limit,
    criticalLow: limit,
    criticalHigh: limit,
  })
  .strict();

export const labTestSchema = z.object({
  code: z.string(),
  loinc: z.string(),
  name: z.string(),
  unit: z.string().nullable(),
  specimen: z.enum(LAB_SPECIMENS),
  resultKind: z.enum(['numeric', 'text']),
  molarMass: z.number().nullable(),
  /** in_house, or outside_lab: its orders go to the outside laboratory (HL7 ORM^O01 at collection). */
  performedBy: z.enum(LAB_PERFORMERS),
  ranges: z.array(rangeSchema),
  needsReview: z.boolean(),
  active: z.boolean(),
  version: z.number().int(),
});

export const labPanelSchema = z.object({ code: z.string(), loinc: z.string(), name: z.string(), tests: z.array(z.string()) });
export const labCatalogueSchema = z.object({ tests: z.array(labTestSchema), panels: z.array(labPanelSchema) });

export const labTestUpdateSchema = z
  .object({
    name: z.string().trim().min(1).max(120),
    unit: z.string().trim().min(1).max(40).nullable(),
    specimen: z.enum(LAB_SPECIMENS),
    molarMass: z.number().positive().max(1_000_000).nullable(),
    /** Omitted: unchanged. */
    performedBy: z.enum(LAB_PERFORMERS).optional(),
    ranges: z.array(rangeSchema).max(20),
    active: z.boolean(),
    version: z.number().int().min(1),
  })
  .strict();

export const testCodeParamsSchema = z.object({ code: z.string().regex(/^[A-Z0-9_]{1,20}$/) }).strict();
export const idParamsSchema = z.object({ id: z.uuid() }).strict();
export const orderIdParamsSchema = idParamsSchema;

export const createLabOrderSchema = z
  .object({
    item: z.string().trim().min(1).max(20),
    priority: z.enum(LAB_PRIORITIES),
    indication: z.string().trim().min(1, 'Give the indication.').max(500),
    fasting: z.boolean().default(false),
    encounterId: z.uuid().nullable().optional(),
    /** Send an in-house test to the outside laboratory (422 when none is connected); tests performed outside always go. */
    sendOut: z.boolean().optional(),
  })
  .strict();

export const stepSchema = z.object({ version: z.number().int().min(1).optional() }).strict();
export const cancelSchema = z
  .object({ reason: z.string().trim().min(1, 'Say why the order is cancelled.').max(500), version: z.number().int().min(1).optional() })
  .strict();

export const resultEntrySchema = z
  .object({
    test: z.string().trim().min(1).max(20),
    value: z.number().finite().optional(),
    unit: z.string().trim().min(1).max(40).optional(),
    text: z.string().trim().min(1).max(4000).optional(),
    status: z.enum(LAB_RESULT_STATUSES),
    observedAt: instant.optional(),
  })
  .strict()
  .refine((e) => (e.value === undefined) !== (e.text === undefined), { message: 'Give either a value or a text result.', path: ['value'] });

export const enterResultsSchema = z.object({ results: z.array(resultEntrySchema).min(1).max(50) }).strict();
export const reviewSchema = z
  .object({ comment: z.string().trim().max(2000).nullable().optional(), version: z.number().int().min(1).optional() })
  .strict();
export const batchReviewSchema = z
  .object({ orderIds: z.array(z.uuid()).min(1).max(100), comment: z.string().trim().max(2000).nullable().optional() })
  .strict();
export const batchReviewAnswerSchema = z.object({ reviewed: z.array(z.uuid()), skipped: z.array(z.uuid()) });

const patientLabel = z.object({ id: z.uuid(), mrn: z.string(), name: z.string() });

export const labOrderSchema = z.object({
  id: z.uuid(),
  patientId: z.uuid(),
  encounterId: z.uuid().nullable(),
  orderedBy: z.uuid(),
  itemKind: z.enum(['test', 'panel']),
  itemCode: z.string(),
  itemName: z.string(),
  tests: z.array(z.string()),
  priority: z.enum(LAB_PRIORITIES),
  indication: z.string(),
  fasting: z.boolean(),
  status: z.enum(LAB_ORDER_STATUSES),
  resultStatus: z.enum(LAB_RESULT_STATUSES).nullable(),
  accessionNumber: z.string().nullable(),
  /** Sent to the outside laboratory (its ORM^O01 goes at collection with the accession as placer number). */
  sendOut: z.boolean(),
  /** The outside laboratory's own order number, from its results (OBR-3). */
  fillerOrderNumber: z.string().nullable(),
  specimen: z.enum(LAB_SPECIMENS).nullable(),
  orderedAt: instant,
  collectedAt: instant.nullable(),
  receivedAt: instant.nullable(),
  resultedAt: instant.nullable(),
  reviewedAt: instant.nullable(),
  reviewComment: z.string().nullable(),
  cancelledAt: instant.nullable(),
  cancelReason: z.string().nullable(),
  version: z.number().int(),
});

export const labResultSchema = z.object({
  id: z.uuid(),
  test: z.string(),
  loinc: z.string(),
  value: z.number().nullable(),
  unit: z.string().nullable(),
  text: z.string().nullable(),
  enteredValue: z.number().nullable(),
  enteredUnit: z.string().nullable(),
  flag: z.enum(LAB_FLAGS).nullable(),
  rangeLow: z.number().nullable(),
  rangeHigh: z.number().nullable(),
  status: z.enum(LAB_RESULT_STATUSES),
  source: z.enum(LAB_RESULT_SOURCES),
  observedAt: instant,
  /** Set when a later value replaced this one; the earlier value stays visible. */
  supersededAt: instant.nullable(),
});

export const labOrderDetailSchema = z.object({ order: labOrderSchema, patient: patientLabel, results: z.array(labResultSchema) });
export const labOrderListSchema = z.object({ items: z.array(labOrderSchema) });
export const labQueueSchema = z.object({ items: z.array(z.object({ order: labOrderSchema, patient: patientLabel })) });
export const labToReviewSchema = z.object({
  items: z.array(z.object({ order: labOrderSchema, patient: patientLabel, critical: z.boolean(), abnormal: z.boolean() })),
});
export const enterResultsAnswerSchema = z.object({
  order: labOrderSchema,
  filed: z.array(labResultSchema),
  alertsRaised: z.number().int(),
});
