import type { FieldError } from '../../platform/errors.js';
import { localTimeToInstant, parseWallTime } from '../../platform/time/zoned-time.js';
import { createPrescriptionBodySchema, type CreatePrescriptionInput } from './prescriptions.schemas.js';

/**
 * The new-prescription form turned into the API's input (validated by the API's own schema), so the
 * page and the API agree. Local date-times are read in the viewer's time zone.
 */
const num = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : undefined);
const str = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

/** `2026-12-03T09:00` in `timeZone` → an ISO instant; a time in a DST gap or garbage → undefined (reported on the field). */
function localInstant(value: unknown, timeZone: string): string | undefined | null {
  const text = str(value);
  if (!text) return undefined;
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})$/.exec(text);
  const instant = match ? localTimeToInstant(match[1]!, parseWallTime(match[2]!), timeZone) : undefined;
  return instant ? instant.toISOString() : null;
}

function frequencyOf(values: Record<string, unknown>): unknown {
  switch (values.frequencyKind) {
    case 'times_a_day':
      return { kind: 'times_a_day', times: num(values.times) };
    case 'every_n_hours':
      return { kind: 'every_n_hours', hours: num(values.hours) };
    case 'at_times':
      return { kind: 'at_times', times: (str(values.atTimes) ?? '').split(/[\s,;]+/).filter(Boolean) };
    case 'as_needed':
      return { kind: 'as_needed', maxPerDay: num(values.maxPerDay) };
    default:
      return undefined;
  }
}

/** API field paths → the form's field names (errors are shown beside the field). */
const FIELD_OF: Record<string, string> = {
  'dose.value': 'doseValue',
  'dose.unit': 'doseUnit',
  dose: 'doseUnit',
  'quantity.value': 'quantityValue',
  'quantity.unit': 'quantityUnit',
  'frequency.hours': 'hours',
  'frequency.maxPerDay': 'maxPerDay',
  frequency: 'frequencyKind',
  'frequency.kind': 'frequencyKind',
};

export function formFieldOf(path: string, values: Record<string, unknown>): string {
  if (path.startsWith('frequency.times')) return values.frequencyKind === 'at_times' ? 'atTimes' : 'times';
  return FIELD_OF[path] ?? (path.includes('.') ? '(form)' : path || '(form)');
}

export function prescriptionInputOf(
  patientId: string,
  values: Record<string, unknown>,
  timeZone: string,
): { ok: true; input: CreatePrescriptionInput } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const startsAt = localInstant(values.startsAt, timeZone);
  const endsAt = localInstant(values.endsAt, timeZone);
  if (startsAt === null) errors.push({ path: 'startsAt', message: 'Give a date and time that exists in your time zone.' });
  if (endsAt === null) errors.push({ path: 'endsAt', message: 'Give a date and time that exists in your time zone.' });
  const quantityValue = num(values.quantityValue);
  const parsed = createPrescriptionBodySchema.safeParse({
    patientId,
    productId: str(values.productId),
    dose: { value: num(values.doseValue), unit: str(values.doseUnit) },
    route: str(values.route),
    frequency: frequencyOf(values),
    startsAt: startsAt ?? undefined,
    durationDays: num(values.durationDays),
    endsAt: endsAt ?? undefined,
    quantity:
      quantityValue === undefined && !str(values.quantityUnit) ? undefined : { value: quantityValue, unit: str(values.quantityUnit) },
    refills: num(values.refills),
    indicationId: str(values.indicationId),
    instructions: str(values.instructions),
    replaces: str(values.replaces),
    encounterId: str(values.encounterId),
  });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = formFieldOf(issue.path.join('.'), values);
      if (!errors.some((e) => e.path === path)) errors.push({ path, message: issue.message });
    }
  }
  return errors.length > 0 || !parsed.success ? { ok: false, errors } : { ok: true, input: parsed.data };
}

/** The override reasons posted with the sign form (`overrideKey<i>` / `overrideReason<i>`). */
export function overridesOf(values: Record<string, unknown>): { key: string; reason: string }[] {
  const overrides: { key: string; reason: string }[] = [];
  for (let i = 0; i < 100; i += 1) {
    const key = str(values[`overrideKey${i}`]);
    if (!key) break;
    const reason = str(values[`overrideReason${i}`]);
    if (reason) overrides.push({ key, reason });
  }
  return overrides;
}
