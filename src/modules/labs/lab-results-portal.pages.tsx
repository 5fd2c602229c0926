import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { noStore } from '../../platform/http/api-helpers.js';
import { serviceContext } from '../../platform/http/context.js';
import { pageContext } from '../../platform/views/page-context.js';
import { sendPage } from '../../platform/views/render.js';
import { LAB_CATEGORIES, LAB_FLAGS, LAB_RESULT_STATUSES } from './labs.vocabulary.js';
import { listMyLabResults } from './services/lab-patient-results.service.js';
import { checkTestQuery, MyLabResultsPage, testQuerySchema } from './views/lab-results-portal.js';

const own = { permission: 'labs.own.read' } as const;

export const myLabResultsSchema = z.object({
  items: z.array(
    z.object({
      id: z.uuid(),
      testCode: z.string(),
      testName: z.string(),
      category: z.enum(LAB_CATEGORIES),
      value: z.number().nullable(),
      text: z.string().nullable(),
      unit: z.string().nullable(),
      rangeLow: z.number().nullable(),
      rangeHigh: z.number().nullable(),
      flag: z.enum(LAB_FLAGS).nullable(),
      status: z.enum(LAB_RESULT_STATUSES),
      observedAt: z.iso.datetime({ offset: true }),
    }),
  ),
  /** Values filed but not released to the patient yet: only their number. */
  pending: z.number().int(),
});

/** The patient's own laboratory results, released under their category's rule: the portal page and `GET /api/v1/me/lab-results`. */
export function registerLabResultsPortal(app: FastifyInstance): void {
  const { db } = app.deps;
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/me/lab-results',
    {
      config: own,
      schema: {
        tags: ['Laboratory'],
        summary: "The signed-in patient's laboratory results released to them (oldest first), and how many are not released yet; audited",
        response: { 200: myLabResultsSchema },
      },
    },
    async (request, reply) => {
      noStore(reply);
      const results = await listMyLabResults(db, serviceContext(request));
      return { items: results.items.map((v) => ({ ...v, observedAt: v.observedAt.toISOString() })), pending: results.pending };
    },
  );

  const pageQuery = z.object({ test: testQuerySchema.optional() });
  app.get('/portal/lab-results', { config: own, schema: { hide: true, querystring: pageQuery } }, async (request, reply) => {
    const { test } = request.query as z.infer<typeof pageQuery>;
    const results = await listMyLabResults(db, serviceContext(request), test === undefined ? {} : { test });
    checkTestQuery(results.items, test);
    return sendPage(reply, <MyLabResultsPage ctx={pageContext(request, reply)} results={results} {...(test ? { test } : {})} />);
  });
}
