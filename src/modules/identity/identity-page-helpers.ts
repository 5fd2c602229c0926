import type { FastifyReply } from 'fastify';
import { AppError, type FieldError } from '../../platform/errors.js';
import type { Translate } from '../../platform/i18n/i18n.js';
import type { PageMessage } from './views/auth-page.js';

/** Field errors in the reader's language: what to do next, beside the field. */
const FIELD_MESSAGES: Record<string, string> = {
  email: 'identity.error_email',
  newEmail: 'identity.error_email',
  birthDate: 'identity.error_birth_date',
  password: 'identity.error_password',
  newPassword: 'identity.error_password',
  acceptedPrivacyNotice: 'identity.error_privacy',
  otp: 'identity.error_mfa_invalid',
  timeZone: 'identity.error_time_zone',
  code: 'identity.error_mfa_invalid',
};

const CODE_MESSAGES: Partial<Record<AppError['code'], string>> = {
  invalid_credentials: 'identity.error_invalid_credentials',
  email_not_verified: 'identity.error_email_not_verified',
  mfa_invalid: 'identity.error_mfa_invalid',
  token_expired: 'identity.error_token_expired',
  validation_failed: 'identity.error_fix_fields',
};

export interface PageFailure {
  status: number;
  errors: FieldError[];
  message: PageMessage;
}

/**
 * Turns a service's AppError into what a form page shows; anything else is rethrown to the error
 * handler.
 */
export function pageFailure(t: Translate, error: unknown, values: Record<string, unknown> = {}): PageFailure {
  if (!(error instanceof AppError)) throw error;
  const errors = translateFieldErrors(t, (error.extra.errors as FieldError[] | undefined) ?? [], values);
  let text = CODE_MESSAGES[error.code] ? t(CODE_MESSAGES[error.code]!) : error.detail;
  if (error.code === 'rate_limited') text = t('identity.error_rate_limited', { seconds: Number(error.extra.retryAfterSeconds ?? 60) });
  return { status: error.status, errors, message: { kind: 'danger', text } };
}

/** Zod's and the services' field messages, in the reader's language. */
export function translateFieldErrors(t: Translate, raw: FieldError[], values: Record<string, unknown>): FieldError[] {
  return raw.map((e) => {
    if (values[e.path] === undefined) return { path: e.path, message: t('identity.error_required') };
    if (e.path === 'currentPassword') return { path: e.path, message: t('identity.error_current_password') };
    const key = FIELD_MESSAGES[e.path];
    return { path: e.path, message: key ? t(key) : e.message };
  });
}

/** A 429 re-rendered as a page still says when to come back. */
export function withRetryAfter(reply: FastifyReply, error: unknown): void {
  if (error instanceof AppError && error.status === 429) reply.header('retry-after', String(Number(error.extra.retryAfterSeconds ?? 60)));
}
