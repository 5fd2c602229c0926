import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { AppError, type FieldError } from '../../platform/errors.js';
import { expectedVersion } from '../../platform/http/api-helpers.js';
import { formVersion, normaliseForm, parseForm } from '../../platform/http/forms.js';

/**
 * The shape of every form handler on the patient pages: validate, act, redirect (303); on a
 * validation error or a refusal a person can act on, re-render the page beside the form instead.
 */
export interface FormFailure {
  status: number;
  errors: FieldError[];
  values: Record<string, unknown>;
  message?: string;
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
    if (error instanceof AppError && RECOVERABLE.has(error.status) && error.code !== 'not_found') {
      const errors = (error.extra.errors as FieldError[] | undefined) ?? [];
      return rerender({ status: error.status, errors, values: normaliseForm(request.body), message: error.detail });
    }
    throw error;
  }
}
