import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { noStore } from '../../../platform/http/api-helpers.js';
import { serviceContext } from '../../../platform/http/context.js';
import { pageContext } from '../../../platform/views/page-context.js';
import { sendPage } from '../../../platform/views/render.js';
import { encounterBillingSchema } from './encounter-billing.schemas.js';
import { getEncounterBilling } from './encounter-billing.service.js';
import { EncounterBillingPage } from './views/encounter-billing.js';

const manage = { permission: 'billing.manage' } as const;
const params = z.object({ id: z.uuid() });

/** The billing tier's encounter view: API and page (docs/billing.md "The billing tier"). */
export function registerEncounterBilling(app: FastifyInstance): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;
  r.get(
    '/api/v1/billing/encounters/:id',
    {
      config: manage,
      schema: {
        tags: ['Billing'],
        summary: 'A billed encounter’s diagnosis and procedure codes (the billing tier: never notes or results)',
        params,
        response: { 200: encounterBillingSchema },
      },
    },
    async (request, reply) => {
      noStore(reply);
      return getEncounterBilling(db, serviceContext(request), request.params.id);
    },
  );
  app.get('/staff/billing/encounters/:id', { config: manage, schema: { hide: true, params } }, async (request, reply) => {
    noStore(reply);
    const encounter = await getEncounterBilling(db, serviceContext(request), (request.params as { id: string }).id);
    return sendPage(reply, <EncounterBillingPage ctx={pageContext(request, reply)} encounter={encounter} />);
  });
}
