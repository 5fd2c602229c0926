import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { AppError, type FieldError } from '../errors.js';
import { expectedVersion } from './api-helpers.js';
import { formVersion, normaliseForm, parseForm } from './forms.js';
import { knownDetail } from './error-detail.js';

/**
 * The shape of a form handler on the pages: validate, act, redirect (303); on a
 * validation error or a refusal a person can act on, re-render the page beside the form instead.
 */
export interface FormFailure {
  status: number;
  errors: FieldError[];
  values: Record<string, unknown>;
  message?: string;
  /** The refusal's error code (`confirmation_required`: the form asks to check and confirm). */
  code?: string;
}

/** Errors a person can fix by changing the form or reloading; anything else goes to the error page. */
const RECOVERABLE = new Set([400, 403, 409, 412, 422]);

export async function handleForm<S extends z.ZodType>(
  request: FastifyRequest,
  reply: FastifyReply,
  schema: S,
  act: (data: z.output<S>, version: number | undefined) => Promise<string>,
  rerender: (failure: FormFailure) => Promise<FastifyReply>,
): Promise<FastifyReply> {
  const parsed = parseForm(schema, request.body);
  if (!parsed.ok) return rerender({ status: 400, errors: parsed.errors, values: parsed.values });
  try {
    const location = await act(parsed.data, expectedVersion(request, formVersion(request.body)));
    return reply.redirect(location, 303);
  } catch (error) {
    const failure = error instanceof AppError && error.code === 'not_found' ? undefined : formRefusal(request, error);
    if (failure) return rerender(failure);
    throw error;
  }
}

/** A refusal to show beside the form: the error's message, field errors and what was typed. */
export interface FormRefusal extends FormFailure {
  message: string;
}

/**
 * The refusal to re-render the page with when `error` is one a person can act on (an `AppError`
 * whose status is in `recoverable`); undefined for anything else, which goes to the error page.
 */
export function formRefusal(
  request: FastifyRequest,
  error: unknown,
  recoverable: ReadonlySet<number> = RECOVERABLE,
): FormRefusal | undefined {
  if (!(error instanceof AppError) || !recoverable.has(error.status)) return undefined;
  return {
    status: error.status,
    errors: (error.extra.errors as FieldError[] | undefined) ?? [],
    values: normaliseForm(request.body),
    message: knownDetail(error.detail, request.locale),
    code: error.code,
  };
}
