import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError, type FieldError } from '../errors.js';
import { translator } from '../i18n/i18n.js';
import { isApiRequest } from './context.js';

/** U+0000 and the other C0 controls except tab, line feed and carriage return. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point: they are refused
const CONTROL_CHARACTER = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/;

/**
 * A JSON body is at most 1 MiB, so it holds at most about half a million values; walking that many
 * is cheap, but the walk still stops at this many so no input can make it the slow part of a
 * request. A body that large with this many values is refused like a bad one.
 */
export const MAX_VALUES_CHECKED = 100_000;
const MAX_ERRORS = 20;

/**
 * The dotted paths (API.md's `errors[].path`) of every string holding a control character, walking
 * objects and arrays iteratively (no recursion, so depth cannot overflow the stack). Keys are
 * checked too: a key is a field name the handler may echo or store.
 */
export function findControlCharacters(root: unknown, prefix: string[] = []): FieldError[] | 'too_many_values' {
  // Each entry points at its parent, so a path is built only for a value that fails: copying the
  // path at every level would make a deeply nested body quadratic.
  type Entry = { value: unknown; key: string | null; parent: Entry | null };
  const pathOf = (entry: Entry | null, last?: string): string => {
    const keys: string[] = last === undefined ? [] : [last];
    for (let e = entry; e; e = e.parent) if (e.key !== null) keys.push(e.key);
    return [...prefix, ...keys.reverse()].join('.') || '(body)';
  };
  const errors: FieldError[] = [];
  const stack: Entry[] = [{ value: root, key: null, parent: null }];
  let visited = 0;
  while (stack.length > 0 && errors.length < MAX_ERRORS) {
    const entry = stack.pop()!;
    const { value } = entry;
    if (++visited > MAX_VALUES_CHECKED) return 'too_many_values';
    if (typeof value === 'string') {
      if (CONTROL_CHARACTER.test(value))
        errors.push({ path: pathOf(entry), message: 'Remove the control character (such as a NUL byte) from this field.' });
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i -= 1) stack.push({ value: value[i], key: String(i), parent: entry });
    } else if (value !== null && typeof value === 'object' && !Buffer.isBuffer(value)) {
      for (const [key, child] of Object.entries(value)) {
        if (CONTROL_CHARACTER.test(key))
          errors.push({ path: pathOf(entry, '(key)'), message: 'Remove the control character from this field name.' });
        stack.push({ value: child, key, parent: entry });
      }
    }
  }
  return errors;
}

/** Everything a handler reads from the request: route params, the query string and the body. */
export function controlCharacterErrors(request: Pick<FastifyRequest, 'params' | 'query' | 'body'>): FieldError[] | 'too_many_values' {
  const errors: FieldError[] = [];
  for (const part of [request.params, request.query, request.body]) {
    const found = findControlCharacters(part);
    if (found === 'too_many_values') return found;
    errors.push(...found);
  }
  return errors;
}

/**
 * One guard for every route and schema: no text field may carry NUL or another C0 control
 * character (PostgreSQL refuses NUL in text, which used to surface as a 500, and a 500 for a new
 * account but 202 for a known one revealed who is registered).
 *
 * It runs as the FIRST preHandler, because that is the first stage at which every input of every
 * route is in place: JSON and form bodies are parsed, query and params are decoded, and the text
 * fields of multipart uploads have been read by their route-level preValidation hook
 * (`readUploadFields`). It runs before CSRF and form idempotency, so a refused form claims no
 * idempotency key. API callers get `400 validation_failed` with each field's path; pages get the
 * normal error page with a translated explanation.
 */
export function installControlCharacterGuard(app: FastifyInstance): void {
  app.addHook('preHandler', async (request) => {
    const found = controlCharacterErrors(request);
    if (found === 'too_many_values') {
      throw new AppError('validation_failed', 'The request has too many values.', {
        errors: [{ path: '(body)', message: 'Too many values' }],
      });
    }
    if (found.length === 0) return;
    const detail = isApiRequest(request)
      ? 'Some fields contain control characters (such as a NUL byte), which are not allowed.'
      : translator(request.locale)('errors.control_characters');
    throw new AppError('validation_failed', detail, { errors: found });
  });
}
