import { z } from 'zod';

const encounterType = z.enum(['outpatient', 'telemedicine', 'emergency', 'inpatient']);

/** The billing tier's encounter: codes only, never a note or a result. */
export const encounterBillingSchema = z.object({
  id: z.uuid(),
  patient: z.object({ id: z.uuid(), name: z.string(), mrn: z.string() }),
  type: encounterType,
  date: z.iso.datetime({ offset: true }),
  clinician: z.string(),
  department: z.string().nullable(),
  /** Active diagnoses: ICD-10 code and its title, primary first. */
  diagnoses: z.array(z.object({ code: z.string(), description: z.string(), rank: z.enum(['primary', 'secondary']) })),
  procedures: z.array(z.object({ code: z.string().nullable(), description: z.string(), performedAt: z.iso.datetime({ offset: true }) })),
});
export type EncounterBillingDto = z.infer<typeof encounterBillingSchema>;

export interface BilledEncounterSummaryDto {
  id: string;
  type: EncounterBillingDto['type'];
  date: string;
}
