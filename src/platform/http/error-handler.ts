import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { h } from 'preact';
import { pgErrorOf, translateConstraintViolation } from '../db/constraint-errors.js';
import { databaseFaultCode } from '../db/database-faults.js';
import { isRetryableTransactionError } from '../db/transactions.js';
import { FHIR_JSON, isFhirRequest } from '../fhir/fhir-http.js';
import { operationOutcomeOf } from '../fhir/operation-outcome.js';
import { AppError, STATUS_TITLES, type ErrorCode, type FieldError } from '../errors.js';
import { ErrorPage } from '../views/error-page.js';
import { pageContext } from '../views/page-context.js';
import { sendPage } from '../views/render.js';
import { isApiRequest } from './context.js';
import { negotiateLocale, type Locale } from '../i18n/i18n.js';
import { localisedDetail } from './error-detail.js';

/** Fastify's own errors that have a meaning for clients, by Fastify code. */
const FASTIFY_ERRORS: Record<string, AppError> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: new AppError('unsupported_media_type', 'Send the body as application/json.'),
  FST_ERR_CTP_BODY_TOO_LARGE: new AppError('payload_too_large', 'The request body is too large.'),
  FST_ERR_CTP_EMPTY_JSON_BODY: new AppError('validation_failed', 'The request body is empty.', { errors: [] }),
  FST_ERR_CTP_INVALID_JSON_BODY: new AppError('validation_failed', 'The request body is not valid JSON.', { errors: [] }),
  FST_CSRF_INVALID_TOKEN: new AppError('forbidden', 'This form has expired. Reload the page and try again.'),
  FST_CSRF_MISSING_SECRET: new AppError('forbidden', 'This form has expired. Reload the page and try again.'),
  // Multipart uploads (@fastify/multipart): one file per request, bounded fields.
  FST_REQ_FILE_TOO_LARGE: new AppError('payload_too_large', 'The file is too large.'),
  FST_PARTS_LIMIT: new AppError('payload_too_large', 'The upload has too many parts.'),
  FST_FILES_LIMIT: new AppError('payload_too_large', 'Send one file at a time.'),
  FST_FIELDS_LIMIT: new AppError('payload_too_large', 'The upload has too many fields.'),
  FST_INVALID_MULTIPART_CONTENT_TYPE: new AppError('unsupported_media_type', 'Send the file as multipart/form-data.'),
};

function zodIssuesToFieldErrors(error: FastifyError): FieldError[] {
  return (error.validation ?? []).map((issue) => {
    const raw = issue as unknown as {
      instancePath?: string;
      message?: string;
      params?: { issue?: { path?: (string | number)[]; message?: string } };
    };
    const zodPath = raw.params?.issue?.path;
    const path = zodPath && zodPath.length ? zodPath.join('.') : (raw.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.');
    return { path: path || '(body)', message: raw.params?.issue?.message ?? raw.message ?? 'Invalid value' };
  });
}

/**
 * The code for another 4xx that Fastify or a plugin raises (e.g. @fastify/static's 403, 412 and 416),
 * so its status stays the one the framework chose; any other 4xx is a 400 validation_failed.
 */
const FRAMEWORK_STATUS_CODES: Partial<Record<number, ErrorCode>> = {
  400: 'validation_failed',
  401: 'not_authenticated',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  406: 'not_acceptable',
  409: 'conflict',
  410: 'token_expired',
  412: 'version_mismatch',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  416: 'range_not_satisfiable',
  422: 'unprocessable',
  428: 'precondition_required',
  429: 'rate_limited',
};

/** Turns anything thrown into an AppError, logging what operators need and never PHI or SQL. */
export function toAppError(error: unknown, request: FastifyRequest): AppError {
  if (error instanceof AppError) return error;
  const fastifyError = error as FastifyError;
  if (hasZodFastifySchemaValidationErrors(fastifyError)) {
    const context = fastifyError.validationContext ?? 'body';
    const errors = zodIssuesToFieldErrors(fastifyError).map((e) => ({ ...e, path: e.path === '(body)' ? context : e.path }));
    return new AppError('validation_failed', 'Some fields need attention.', { errors });
  }
  const constraint = translateConstraintViolation(error);
  if (constraint) {
    request.log.warn({ constraint: constraint.constraint, sqlState: constraint.sqlState }, 'constraint violation');
    return constraint.error;
  }
  if (isRetryableTransactionError(error)) {
    // Retried already where it matters (transactionWithRetry); never a 500 for a lost race.
    request.log.warn({ sqlState: pgErrorOf(error)?.code }, 'transaction aborted by a concurrent change');
    return new AppError('conflict', 'Someone else changed the same records at the same moment. Try again.');
  }
  if (fastifyError.code && FASTIFY_ERRORS[fastifyError.code]) return FASTIFY_ERRORS[fastifyError.code]!;
  if (fastifyError.statusCode === 429) {
    return new AppError('rate_limited', 'Too many attempts. Wait a moment and try again.');
  }
  if (isResponseSerializationError(error)) {
    request.log.error({ err: { message: 'response did not match its schema', route: request.routeOptions.url } }, 'response serialization');
    return new AppError('internal_error', 'Something went wrong on our side. Try again in a moment.');
  }
  if (fastifyError.statusCode && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    return new AppError(FRAMEWORK_STATUS_CODES[fastifyError.statusCode] ?? 'validation_failed', fastifyError.message, { errors: [] });
  }
  const fault = databaseFaultCode(error);
  if (fault) {
    // Expected during an outage (a restart, a failover, a full disk): one warning with the fault's
    // code, no stack. The client retries; the pool reconnects by itself when the database is back.
    request.log.warn({ fault }, 'database unavailable');
    return databaseUnavailable();
  }
  // The message of an unexpected error may quote SQL and its parameters (Drizzle puts both in it):
  // log the type, the SQLSTATE and the stack frames only, never the message.
  request.log.error(
    { err: { type: (error as Error)?.name, code: fastifyError.code, sqlState: pgErrorOf(error)?.code, frames: stackFrames(error) } },
    'unhandled error',
  );
  return new AppError('internal_error', 'Something went wrong on our side. Try again in a moment.');
}

/** How long a client should wait before retrying while the database is unavailable. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

export function databaseUnavailable(): AppError {
  return new AppError('database_unavailable', 'The service is briefly unavailable. Try again in a moment.', {
    retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS,
  });
}

/** The "at …" lines of a stack, without the message that heads it. */
export function stackFrames(error: unknown): string | undefined {
  const stack = (error as Error | undefined)?.stack;
  if (!stack) return undefined;
  const first = stack.indexOf('\n    at ');
  return first === -1 ? undefined : stack.slice(first + 1);
}

/**
 * The API's language: the request's Accept-Language, negotiated among the four locales (default
 * en); not the account's or the page switcher's choice, so one request always reads the same.
 */
export const apiLocale = (request: FastifyRequest): Locale => negotiateLocale(undefined, undefined, request.headers['accept-language']);

/** problem+json: `detail` in the request's language (error-detail.ts); `code`, `type` and `title` stay stable. */
export function problemBody(error: AppError, request: FastifyRequest) {
  return {
    type: `https://carewell.dev/problems/${error.code}`,
    title: STATUS_TITLES[error.status] ?? 'Error',
    status: error.status,
    detail: localisedDetail(error, apiLocale(request)),
    code: error.code,
    instance: request.id,
    ...error.extra,
  };
}

export function sendError(error: AppError, request: FastifyRequest, reply: FastifyReply) {
  if ((error.status === 429 || error.status === 503) && !reply.getHeader('retry-after'))
    reply.header('retry-after', String(Number(error.extra.retryAfterSeconds ?? 60)));
  if (isFhirRequest(request)) {
    return reply
      .status(error.status)
      .header('content-type', `${FHIR_JSON}; charset=utf-8`)
      .header('cache-control', 'no-store')
      .header('content-language', apiLocale(request))
      .send(JSON.stringify(operationOutcomeOf(error, localisedDetail(error, apiLocale(request)))));
  }
  if (isApiRequest(request) || request.headers.accept?.includes('application/json')) {
    return reply
      .status(error.status)
      .header('content-type', 'application/problem+json; charset=utf-8')
      .header('cache-control', 'no-store')
      .header('content-language', apiLocale(request))
      .send(JSON.stringify(problemBody(error, request)));
  }
  const ctx = pageContext(request, reply);
  return sendPage(reply, h(ErrorPage, { ctx, status: error.status, detail: localisedDetail(error, ctx.locale) }), error.status);
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => sendError(toAppError(error, request), request, reply));
  app.setNotFoundHandler((request, reply) => sendError(new AppError('not_found', 'There is nothing at this address.'), request, reply));
}
