import type { z } from 'zod';
import type { FieldError } from '../errors.js';
import type { Translate } from '../i18n/i18n.js';

/** Form fields the platform adds to every HTML form; stripped before validation. */
const PLATFORM_FIELDS = ['_csrf', '_idempotency', '_version'];

/** HTML forms send empty strings for empty fields: treat them as absent. */
export function normaliseForm(body: unknown): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries((body ?? {}) as Record<string, unknown>)) {
    if (PLATFORM_FIELDS.includes(key)) continue;
    if (value === '' || value === undefined) continue;
    result[key] = typeof value === 'string' ? value.trim() : value;
  }
  return result;
}

export type FormResult<T> = { ok: true; data: T } | { ok: false; errors: FieldError[]; values: Record<string, unknown> };

/**
 * Validates a posted form with the same Zod schema the API uses, so the page re-renders with a
 * message beside each field instead of failing the whole request.
 */
export function parseForm<S extends z.ZodType>(schema: S, body: unknown): FormResult<z.output<S>> {
  const values = normaliseForm(body);
  const parsed = schema.safeParse(values);
  if (parsed.success) return { ok: true, data: parsed.data };
  return { ok: false, values, errors: parsed.error.issues.map((i) => ({ path: i.path.join('.') || '(form)', message: i.message })) };
}

export function formVersion(body: unknown): string | undefined {
  const v = (body as Record<string, unknown> | undefined)?._version;
  return typeof v === 'string' ? v : undefined;
}

/** Per field: the locale key of what to do next, and its parameters (a length, a range). */
export type FieldMessages = Record<string, readonly [key: string, params?: Record<string, string | number>]>;

/**
 * Field errors in the reader's language, for a page re-rendered beside its fields: a field named in
 * `messages` gets its translated sentence, any other keeps the validator's (English) message.
 */
export function localiseFieldErrors(errors: FieldError[], messages: FieldMessages, t: Translate): FieldError[] {
  return errors.map((e) => {
    const known = messages[e.path];
    return known ? { path: e.path, message: t(known[0], known[1]) } : e;
  });
}
