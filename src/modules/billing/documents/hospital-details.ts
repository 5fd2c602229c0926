import { z } from 'zod';

/**
 * The hospital's details printed at the head of invoices and statements (docs/billing.md "PDF"):
 * `HOSPITAL_NAME` and `HOSPITAL_ADDRESS` (its lines separated by ";", a tax or registration
 * number among them if the hospital prints one). Read once at start-up; an invalid value stops
 * the server like any other configuration error. (Kept here rather than in platform/config.ts,
 * which is at its size limit; the integrator may move it.)
 */
export interface HospitalDetails {
  name: string;
  addressLines: string[];
}

const schema = z.object({
  HOSPITAL_NAME: z.string().trim().min(1).max(200).default('Carewell Hospital'),
  HOSPITAL_ADDRESS: z.string().trim().max(500).default(''),
});

export function hospitalDetailsFrom(env: NodeJS.ProcessEnv): HospitalDetails {
  const parsed = schema.safeParse(env);
  if (!parsed.success) throw new Error(`Invalid configuration: HOSPITAL_NAME or HOSPITAL_ADDRESS (${parsed.error.issues[0]?.message})`);
  return {
    name: parsed.data.HOSPITAL_NAME,
    addressLines: parsed.data.HOSPITAL_ADDRESS.split(';')
      .map((line) => line.trim())
      .filter(Boolean),
  };
}
