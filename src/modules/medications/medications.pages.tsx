import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type FieldError } from '../../platform/errors.js';
import { expectedVersion } from '../../platform/http/api-helpers.js';
import { serviceContext } from '../../platform/http/context.js';
import { formVersion, normaliseForm } from '../../platform/http/forms.js';
import type { Translate } from '../../platform/i18n/i18n.js';
import { pageContext } from '../../platform/views/page-context.js';
import { sendPage } from '../../platform/views/render.js';
import { ingredientRowsOf, productFormSchema, toFormErrors } from './medications.forms.js';
import {
  createProductBodySchema,
  ingredientQuerySchema,
  productListQuerySchema,
  productParamsSchema,
  type CreateProductInput,
} from './medications.schemas.js';
import { createProduct, getProduct, listFormulary, updateProduct } from './services/formulary.service.js';
import { resolveIngredientText, searchIngredients } from './services/ingredients.service.js';
import { FormularyListPage } from './views/formulary-list.js';
import { IngredientLookupPage } from './views/ingredient-lookup.js';
import { ProductFormPage, productFormValuesFromPost, productFormValuesOf } from './views/product-form.js';

const config = { permission: 'medications.formulary.manage' } as const;

function productIdOf(request: FastifyRequest): string {
  const parsed = productParamsSchema.safeParse(request.params);
  if (!parsed.success) throw new AppError('not_found', 'The product was not found.');
  return parsed.data.id;
}

const doneOf = (value: unknown) => (value === 'created' || value === 'saved' ? value : undefined);

/** "warfarin (11289)", as the edit form shows an ingredient, stands for its RxCUI. */
const RXCUI_IN_PARENS = /\((\d{1,10})\)\s*$/;

/**
 * Reads the posted product form into the API's input: each typed ingredient resolved to one RxCUI
 * (or an error beside its field), then the API's own schema, so the page and the API agree.
 */
async function productInputOf(
  app: FastifyInstance,
  t: Translate,
  body: unknown,
): Promise<{ ok: true; input: CreateProductInput } | { ok: false; errors: FieldError[] }> {
  const values = normaliseForm(body);
  const errors: FieldError[] = [];
  const fields = productFormSchema.safeParse(values);
  if (!fields.success) errors.push(...fields.error.issues.map((i) => ({ path: i.path.join('.') || '(form)', message: i.message })));
  const rows = ingredientRowsOf(values);
  const texts = rows.map((row) => RXCUI_IN_PARENS.exec(row.ingredient)?.[1] ?? row.ingredient);
  const resolved = await resolveIngredientText(app.deps.db, texts.filter(Boolean));
  const ingredients: { rxcui: string; strength: { value: number; unit: string } }[] = [];
  rows.forEach((row, i) => {
    const text = texts[i]!;
    const found = text ? (resolved.get(text) ?? []) : [];
    if (!text) errors.push({ path: `ingredient${row.index}`, message: t('medications.error_ingredient_missing') });
    else if (found.length === 0) errors.push({ path: `ingredient${row.index}`, message: t('medications.error_ingredient_unknown') });
    else if (found.length > 1)
      errors.push({
        path: `ingredient${row.index}`,
        message: t('medications.error_ingredient_ambiguous', { rxcuis: found.map((f) => f.rxcui).join(', ') }),
      });
    ingredients.push({ rxcui: found[0]?.rxcui ?? '0', strength: { value: Number(row.strength ?? Number.NaN), unit: row.unit ?? '' } });
  });
  if (rows.length === 0) errors.push({ path: 'ingredient0', message: t('medications.error_ingredient_missing') });
  const parsed = createProductBodySchema.safeParse({
    name: values.name,
    ingredients,
    doseForm: values.doseForm,
    route: values.route,
    onFormulary: fields.success ? fields.data.onFormulary : false,
    tags: fields.success ? fields.data.tags : [],
  });
  if (!parsed.success) {
    const rowIndexes = rows.map((r) => r.index);
    const apiErrors = parsed.error.issues.map((i) => ({ path: i.path.join('.') || '(form)', message: i.message }));
    for (const e of toFormErrors(apiErrors, rowIndexes)) if (!errors.some((known) => known.path === e.path)) errors.push(e);
  }
  return errors.length > 0 || !parsed.success ? { ok: false, errors } : { ok: true, input: parsed.data };
}

/** Turns a service refusal into errors beside the form's fields, or rethrows it. */
function formErrorsOf(error: unknown, rowIndexes: number[]): { errors: FieldError[]; problem: string; status: number } {
  if (!(error instanceof AppError)) throw error;
  if (error.code === 'conflict') return { errors: [{ path: 'name', message: error.detail }], problem: error.detail, status: 409 };
  if (error.code === 'unprocessable' && Array.isArray(error.extra.errors)) {
    return { errors: toFormErrors(error.extra.errors as FieldError[], rowIndexes), problem: error.detail, status: 422 };
  }
  if (error.code === 'version_mismatch') return { errors: [{ path: '(form)', message: error.detail }], problem: error.detail, status: 412 };
  throw error;
}

/** The formulary pages (pharmacists and administrators): list and search, new product, edit product, ingredient look-up. */
export function registerMedicationPages(app: FastifyInstance): void {
  const { db } = app.deps;

  app.get('/staff/formulary', { config, schema: { hide: true } }, async (request, reply) => {
    const raw = normaliseForm(request.query);
    const parsed = productListQuerySchema.safeParse(raw);
    const query = parsed.success
      ? parsed.data
      : productListQuerySchema.parse({ onFormulary: raw.onFormulary === 'false' ? 'false' : undefined });
    const page = await listFormulary(db, query);
    const filters = { query: typeof raw.query === 'string' ? raw.query : undefined, onFormulary: query.onFormulary };
    const params: Record<string, string> = query.onFormulary ? { onFormulary: query.onFormulary } : {};
    const next = page.nextCursor ? `/staff/formulary?${new URLSearchParams({ ...params, cursor: page.nextCursor })}` : null;
    const ctx = pageContext(request, reply);
    const error = parsed.success ? undefined : ctx.t('medications.search_too_short', { n: 2 });
    return sendPage(
      reply,
      <FormularyListPage ctx={ctx} filters={filters} items={page.items} nextHref={next} error={error} />,
      parsed.success ? 200 : 400,
    );
  });

  app.get('/staff/formulary/ingredients', { config, schema: { hide: true } }, async (request, reply) => {
    const raw = normaliseForm(request.query);
    const ctx = pageContext(request, reply);
    const term = typeof raw.query === 'string' ? raw.query : undefined;
    const parsed = ingredientQuerySchema.safeParse({ query: term ?? '' });
    const items = parsed.success ? await searchIngredients(db, parsed.data.query, parsed.data.limit) : [];
    const error = term !== undefined && !parsed.success ? ctx.t('medications.search_too_short', { n: 2 }) : undefined;
    return sendPage(reply, <IngredientLookupPage ctx={ctx} query={term} items={items} error={error} />, error ? 400 : 200);
  });

  app.get('/staff/formulary/new', { config, schema: { hide: true } }, async (request, reply) =>
    sendPage(reply, <ProductFormPage ctx={pageContext(request, reply)} values={{ onFormulary: true, tags: [], rows: [] }} errors={[]} />),
  );

  app.post('/staff/formulary/new', { config, schema: { hide: true } }, async (request, reply) => {
    const rerender = (errors: FieldError[], status: number, problem?: string) =>
      sendPage(
        reply,
        <ProductFormPage
          ctx={pageContext(request, reply)}
          values={productFormValuesFromPost(normaliseForm(request.body))}
          errors={errors}
          problem={problem}
        />,
        status,
      );
    const form = await productInputOf(app, pageContext(request, reply).t, request.body);
    if (!form.ok) return rerender(form.errors, 400);
    try {
      const product = await createProduct(db, serviceContext(request), form.input);
      return reply.redirect(`/staff/formulary/${product.id}?done=created`, 303);
    } catch (error) {
      const failed = formErrorsOf(
        error,
        ingredientRowsOf(normaliseForm(request.body)).map((r) => r.index),
      );
      return rerender(failed.errors, failed.status, failed.problem);
    }
  });

  const renderEdit = async (
    request: FastifyRequest,
    reply: FastifyReply,
    options: { errors?: FieldError[]; status?: number; problem?: string; posted?: boolean } = {},
  ) => {
    const product = await getProduct(db, productIdOf(request));
    const values = options.posted ? productFormValuesFromPost(normaliseForm(request.body)) : productFormValuesOf(product);
    const done = doneOf((request.query as Record<string, unknown>).done);
    return sendPage(
      reply,
      <ProductFormPage
        ctx={pageContext(request, reply)}
        product={product}
        values={values}
        errors={options.errors ?? []}
        problem={options.problem}
        done={done}
      />,
      options.status ?? 200,
    );
  };

  app.get('/staff/formulary/:id', { config, schema: { hide: true } }, async (request, reply) => renderEdit(request, reply));

  app.post('/staff/formulary/:id', { config, schema: { hide: true } }, async (request, reply) => {
    const productId = productIdOf(request);
    const form = await productInputOf(app, pageContext(request, reply).t, request.body);
    if (!form.ok) return renderEdit(request, reply, { errors: form.errors, status: 400, posted: true });
    try {
      await updateProduct(db, serviceContext(request), productId, form.input, expectedVersion(request, formVersion(request.body)));
      return reply.redirect(`/staff/formulary/${productId}?done=saved`, 303);
    } catch (error) {
      const failed = formErrorsOf(
        error,
        ingredientRowsOf(normaliseForm(request.body)).map((r) => r.index),
      );
      return renderEdit(request, reply, { ...failed, posted: true });
    }
  });
}
