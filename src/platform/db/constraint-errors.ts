import { AppError, type ErrorCodeWithStatus } from '../errors.js';

/**
 * Database constraints are the guarantee behind every invariant; this turns their violations into
 * sentences a person can act on. Modules register messages for their own constraint names.
 */
/** A registered code answers 409 (a clash with existing rows) or 422 (a value out of range). */
type ConstraintCode = ErrorCodeWithStatus<409 | 422>;
const constraintMessages = new Map<string, { code?: ConstraintCode; message: string }>();

export function registerConstraintMessages(messages: Record<string, string | { code: ConstraintCode; message: string }>) {
  for (const [name, value] of Object.entries(messages)) {
    constraintMessages.set(name, typeof value === 'string' ? { message: value } : value);
  }
}

interface PgErrorShape {
  code?: string;
  constraint?: string;
  constraint_name?: string;
  table?: string;
}

/** Drizzle wraps driver errors: the SQLSTATE sits on `cause`. */
export function pgErrorOf(error: unknown): PgErrorShape | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current; depth++) {
    const candidate = current as PgErrorShape & { cause?: unknown };
    if (typeof candidate.code === 'string' && /^[0-9A-Z]{5}$/.test(candidate.code)) return candidate;
    current = candidate.cause;
  }
  return undefined;
}

const GENERIC: Record<string, string> = {
  '23505': 'This would create a duplicate of a record that already exists.',
  '23P01': 'This overlaps with an existing booking.',
  '23503': 'A record this refers to no longer exists. Reload and try again.',
  '23514': 'A value is outside what is allowed.',
  // Raised by triggers that keep a record permanent (e.g. a signed clinical note).
  '23001': 'This record can no longer be changed.',
};

export interface TranslatedConstraint {
  error: AppError;
  constraint: string | undefined;
  sqlState: string;
}

export function translateConstraintViolation(error: unknown): TranslatedConstraint | undefined {
  const pgError = pgErrorOf(error);
  if (!pgError?.code || !(pgError.code in GENERIC)) return undefined;
  const constraint = pgError.constraint ?? pgError.constraint_name;
  const known = constraint ? constraintMessages.get(constraint) : undefined;
  // A CHECK violation is a value out of range (422); the others clash with existing rows (409).
  const code = known?.code ?? (pgError.code === '23514' ? 'unprocessable' : 'conflict');
  return {
    error: new AppError(code, known?.message ?? GENERIC[pgError.code]!, constraint ? { constraint } : {}),
    constraint,
    sqlState: pgError.code,
  };
}
