import { z } from 'zod';

const termsSchema = z.coerce.number({ error: 'must be a whole number of days' }).int().min(0).max(365).default(30);

/**
 * BILLING_PAYMENT_TERMS_DAYS (default 30): an issued invoice is due this many days after its issue
 * day in the hospital's zone (docs/billing.md "Work queues"). Read once when billing registers; an
 * invalid value stops the start. (Kept here while src/platform/config.ts is at its size limit.)
 */
export function paymentTermsDays(env: NodeJS.ProcessEnv): number {
  const parsed = termsSchema.safeParse(env.BILLING_PAYMENT_TERMS_DAYS === '' ? undefined : env.BILLING_PAYMENT_TERMS_DAYS);
  if (!parsed.success) throw new Error(`Invalid configuration: BILLING_PAYMENT_TERMS_DAYS ${parsed.error.issues[0]?.message ?? ''}`);
  return parsed.data;
}
