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
  | 'email_not_verified'
  | 'mfa_enrollment_required'
  | 'not_found'
  | 'conflict'
  | 'possible_duplicate'
  | 'slot_taken'
  | 'room_taken'
  | 'patient_busy'
  | 'record_signed'
  | 'token_expired'
  | 'version_mismatch'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'unprocessable'
  | 'slot_in_past'
  | 'outside_availability'
  | 'idempotency_key_reused'
  | 'precondition_required'
  | 'rate_limited'
  | 'service_unavailable'
  | 'database_unavailable'
  | 'internal_error';

export interface FieldError {
  path: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly status: number,
    readonly detail: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(detail);
    this.name = 'AppError';
  }
}

export const notFound = (what = 'The record') => new AppError('not_found', 404, `${what} was not found.`);
export const forbidden = (detail = 'You do not have permission to do this.') =>
  new AppError('forbidden', 403, detail);
export const validationFailed = (errors: FieldError[], detail = 'Some fields need attention.') =>
  new AppError('validation_failed', 400, detail, { errors });
export const unprocessable = (detail: string, code: ErrorCode = 'unprocessable') => new AppError(code, 422, detail);
export const conflict = (detail: string, code: ErrorCode = 'conflict', extra: Record<string, unknown> = {}) =>
  new AppError(code, 409, detail, extra);

/** Titles for the problem+json `title` field, by status. */
export const STATUS_TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  410: 'Gone',
  412: 'Precondition Failed',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};
