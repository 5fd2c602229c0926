import { z } from 'zod';
import { createExceptionBodySchema, createRuleBodySchema } from './availability.schemas.js';
import { localTimeToInstantOrAfterGap, parseWallTime } from '../../../platform/time/zoned-time.js';

/**
 * HTML forms post strings: one ticked checkbox arrives as a string, several as an array, none as
 * nothing; dates and times arrive in the clinician's own zone. These adapt them to the API's
 * schemas so the pages and the API validate the same way.
 */

const asArray = (value: unknown) => (value === undefined ? undefined : Array.isArray(value) ? value : [value]);

export const ruleFormSchema = z.preprocess((raw) => {
  const values = { ...(raw as Record<string, unknown>) };
  values.visitTypeIds = asArray(values.visitTypeIds);
  return values;
}, createRuleBodySchema);

const LOCAL_DATE_TIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})$/;

/** `2026-03-29T09:00` in a zone → an ISO instant; anything else is left for the schema to refuse. */
export function localDateTimeToIso(value: unknown, timeZone: string): unknown {
  if (typeof value !== 'string') return value;
  const match = LOCAL_DATE_TIME.exec(value);
  if (!match) return value;
  try {
    return localTimeToInstantOrAfterGap(match[1]!, parseWallTime(match[2]!), timeZone).toISOString();
  } catch {
    return value;
  }
}

export const exceptionFormSchema = (timeZone: string) =>
  z.preprocess((raw) => {
    const values = { ...(raw as Record<string, unknown>) };
    values.startsAt = localDateTimeToIso(values.startsAt, timeZone);
    values.endsAt = localDateTimeToIso(values.endsAt, timeZone);
    return values;
  }, createExceptionBodySchema);
