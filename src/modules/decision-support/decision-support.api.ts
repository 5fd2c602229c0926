import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { noStore } from '../../platform/http/api-helpers.js';
import { serviceContext } from '../../platform/http/context.js';
import { considerationsResponseSchema, idParamsSchema } from './decision-support.schemas.js';
import { getEncounterConsiderations } from './services/considerations.service.js';

/** Decision support over the API: the things to consider for an encounter. */
export function registerDecisionSupportApi(app: FastifyInstance): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;

  r.get(
    '/api/v1/encounters/:id/considerations',
    {
      config: { permission: 'records.read' },
      schema: {
        tags: ['Decision support'],
        summary:
          'Things to consider for an encounter (never a diagnosis): conditions ranked from its notes, diagnoses and vital signs, each with the evidence, the tests that tell it apart and its source; and the guidelines its diagnoses or results call up. Same access and audit as reading the encounter.',
        params: idParamsSchema,
        response: { 200: considerationsResponseSchema },
      },
    },
    async (request, reply) => {
      noStore(reply);
      const { findings: _findings, ...answer } = await getEncounterConsiderations(db, serviceContext(request), request.params.id);
      return answer;
    },
  );
}
