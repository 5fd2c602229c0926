/**
 * The one error type services throw. The HTTP layer turns it into problem+json for the API and an
 * error page for HTML; the code is a stable identifier clients can branch on.
 */
export type ErrorCode =
  | 'validation_failed'
  | 'not_authenticated'
  | 'invalid_credentials'
  | 'mfa_required'
  | 'mfa_invalid'
  | 'forbidden'
  | 'not_acceptable'
  | 'method_not_allowed'
  | 'range_not_satisfiable'
  | 'email_not_verified'
  | 'mfa_enrollment_required'
  | 'not_found'
  | 'conflict'
  | 'possible_duplicate'
  | 'slot_taken'
  | 'room_taken'
  | 'patient_busy'
  | 'call_sign_taken'
  | 'unit_busy'
  | 'record_signed'
  | 'online_payments_disabled'
  | 'token_expired'
  | 'version_mismatch'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'unprocessable'
  | 'slot_in_past'
  | 'outside_availability'
  | 'idempotency_key_reused'
  | 'override_required'
  | 'confirmation_required'
  | 'precondition_required'
  | 'rate_limited'
  | 'service_unavailable'
  | 'database_unavailable'
  | 'internal_error';

export interface FieldError {
  path: string;
  message: string;
}

/**
 * The HTTP status of each code: the one place a status is chosen. A code always means the same
 * status, so clients may branch on either; a new meaning gets a new code (and a line in docs/errors.md).
 */
export const ERROR_STATUS = {
  validation_failed: 400,
  not_authenticated: 401,
  invalid_credentials: 401,
  mfa_required: 401,
  mfa_invalid: 401,
  forbidden: 403,
  email_not_verified: 403,
  mfa_enrollment_required: 403,
  not_found: 404,
  method_not_allowed: 405,
  not_acceptable: 406,
  conflict: 409,
  possible_duplicate: 409,
  slot_taken: 409,
  room_taken: 409,
  patient_busy: 409,
  call_sign_taken: 409,
  unit_busy: 409,
  record_signed: 409,
  online_payments_disabled: 409,
  token_expired: 410,
  version_mismatch: 412,
  payload_too_large: 413,
  unsupported_media_type: 415,
  range_not_satisfiable: 416,
  unprocessable: 422,
  slot_in_past: 422,
  outside_availability: 422,
  idempotency_key_reused: 422,
  override_required: 422,
  confirmation_required: 422,
  precondition_required: 428,
  rate_limited: 429,
  internal_error: 500,
  service_unavailable: 503,
  database_unavailable: 503,
} as const satisfies Record<ErrorCode, number>;

/** The codes answered with one status, e.g. `ErrorCodeWithStatus<409>`. */
export type ErrorCodeWithStatus<S extends number> = { [K in ErrorCode]: (typeof ERROR_STATUS)[K] extends S ? K : never }[ErrorCode];

export class AppError extends Error {
  /** Derived from the code (ERROR_STATUS), never chosen at the throw site. */
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    readonly detail: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(detail);
    this.name = 'AppError';
    this.status = ERROR_STATUS[code];
  }
}

export const notFound = (what = 'The record') => new AppError('not_found', `${what} was not found.`);
export const forbidden = (detail = 'You do not have permission to do this.') => new AppError('forbidden', detail);
export const validationFailed = (errors: FieldError[], detail = 'Some fields need attention.') =>
  new AppError('validation_failed', detail, { errors });
export const unprocessable = (detail: string, code: ErrorCodeWithStatus<422> = 'unprocessable') => new AppError(code, detail);
export const conflict = (detail: string, code: ErrorCodeWithStatus<409> = 'conflict', extra: Record<string, unknown> = {}) =>
  new AppError(code, detail, extra);

/** Titles for the problem+json `title` field, by status. */
export const STATUS_TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  410: 'Gone',
  412: 'Precondition Failed',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  416: 'Range Not Satisfiable',
  422: 'Unprocessable Content',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};
