import type { FieldError } from '../../../platform/errors.js';
import { normaliseForm } from '../../../platform/http/forms.js';
import {
  createOutsideMedicationBodySchema,
  reconciliationBodySchema,
  type CreateOutsideMedicationInput,
  type ReconciliationInput,
} from './reconciliation.schemas.js';

/** Posted forms of the reconciliation pages, validated with the API's schemas; errors carry the form's field names. */

type Parsed<T> = { ok: true; input: T } | { ok: false; errors: FieldError[] };

const DECISION_FIELD = /^d_(rx|out)_([0-9a-f-]{36})$/;

/** The decisions posted by the reconciliation page: one `d_<rx|out>_<id>` radio and `r_<rx|out>_<id>` reason per medicine. */
export function reconciliationInputOf(body: unknown): Parsed<ReconciliationInput> & { values: Record<string, string> } {
  const values = Object.fromEntries(
    Object.entries(normaliseForm(body)).flatMap(([k, v]) => (typeof v === 'string' ? [[k, v]] : [])),
  ) as Record<string, string>;
  const fields: { decision: string; reason: string }[] = [];
  const decisions = Object.entries(values).flatMap(([key, decision]) => {
    const m = DECISION_FIELD.exec(key);
    if (!m) return [];
    const reasonKey = `r_${m[1]}_${m[2]}`;
    fields.push({ decision: key, reason: reasonKey });
    const reason = decision === 'stop' ? values[reasonKey] : undefined;
    return [{ ...(m[1] === 'rx' ? { prescriptionId: m[2] } : { outsideMedicationId: m[2] }), decision, ...(reason ? { reason } : {}) }];
  });
  const parsed = reconciliationBodySchema.safeParse({ decisions });
  if (parsed.success) return { ok: true, input: parsed.data, values };
  return {
    ok: false,
    values,
    errors: parsed.error.issues.map((i) => {
      const [, index, field] = i.path as [string, number | undefined, string | undefined];
      const f = index === undefined ? undefined : fields[index];
      return { path: f ? (field === 'reason' ? f.reason : f.decision) : '(form)', message: i.message };
    }),
  };
}

/** The outside-medicine form: dose value and unit are two fields; the encounter comes from the page's address. */
export function outsideMedicationInputOf(body: unknown, encounterId: string | null): Parsed<CreateOutsideMedicationInput> {
  const values = normaliseForm(body);
  const { doseValue, doseUnit, ...rest } = values;
  const dose =
    doseValue === undefined && doseUnit === undefined
      ? undefined
      : { value: typeof doseValue === 'string' ? Number(doseValue) : undefined, unit: doseUnit };
  const parsed = createOutsideMedicationBodySchema.safeParse({
    ...rest,
    ...(dose ? { dose } : {}),
    ...(encounterId ? { encounterId } : {}),
  });
  if (parsed.success) return { ok: true, input: parsed.data };
  return {
    ok: false,
    errors: parsed.error.issues.map((i) => {
      const path = i.path.join('.');
      return {
        path: path === 'dose.value' || path === 'dose' ? 'doseValue' : path === 'dose.unit' ? 'doseUnit' : path || '(form)',
        message: i.message,
      };
    }),
  };
}
