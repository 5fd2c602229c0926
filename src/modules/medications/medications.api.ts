import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { expectedVersion, setEtag } from '../../platform/http/api-helpers.js';
import { serviceContext } from '../../platform/http/context.js';
import {
  createProductBodySchema,
  ingredientListSchema,
  ingredientQuerySchema,
  productListQuerySchema,
  productListSchema,
  productParamsSchema,
  productSchema,
  updateProductBodySchema,
} from './medications.schemas.js';
import { createProduct, getProduct, listFormulary, updateProduct } from './services/formulary.service.js';
import { searchIngredients } from './services/ingredients.service.js';

const read = { permission: 'medications.formulary.read' } as const;
const manage = { permission: 'medications.formulary.manage' } as const;

/** The ingredient catalogue search and the formulary's products. */
export function registerMedicationsApi(app: FastifyInstance): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;

  r.get(
    '/api/v1/medications/ingredients',
    {
      config: { permission: 'reference.read' },
      schema: {
        tags: ['Medications'],
        summary: 'Search the RxNorm ingredient catalogue (2014) by name or synonym: exact, starts with, word start, then closest',
        querystring: ingredientQuerySchema,
        response: { 200: ingredientListSchema },
      },
    },
    async (request) => ({ items: await searchIngredients(db, request.query.query, request.query.limit) }),
  );

  const tags = ['Formulary'];
  r.get(
    '/api/v1/medications/products',
    {
      config: read,
      schema: {
        tags,
        summary: 'The formulary: search by product or ingredient name (ranked, no paging), or every product in name order',
        querystring: productListQuerySchema,
        response: { 200: productListSchema },
      },
    },
    async (request) => listFormulary(db, request.query),
  );

  r.post(
    '/api/v1/medications/products',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Add a product to the formulary (pharmacists, administrators); audited',
        body: createProductBodySchema,
        response: { 201: productSchema },
      },
    },
    async (request, reply) => {
      const product = await createProduct(db, serviceContext(request), request.body);
      setEtag(reply, product.version);
      return reply.status(201).send(product);
    },
  );

  r.get(
    '/api/v1/medications/products/:id',
    {
      config: read,
      schema: { tags, summary: 'One product, with its ETag', params: productParamsSchema, response: { 200: productSchema } },
    },
    async (request, reply) => {
      const product = await getProduct(db, request.params.id);
      setEtag(reply, product.version);
      return product;
    },
  );

  r.patch(
    '/api/v1/medications/products/:id',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Change a product (the fields sent; If-Match of an old version → 412); audited',
        params: productParamsSchema,
        body: updateProductBodySchema,
        response: { 200: productSchema },
      },
    },
    async (request, reply) => {
      const product = await updateProduct(db, serviceContext(request), request.params.id, request.body, expectedVersion(request));
      setEtag(reply, product.version);
      return product;
    },
  );
}
