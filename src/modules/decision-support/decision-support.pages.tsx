import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { roleHasPermission } from '../../platform/authz/permissions.js';
import { validationFailed } from '../../platform/errors.js';
import { serviceContext } from '../../platform/http/context.js';
import { handleForm, type FormFailure } from '../../platform/http/page-forms.js';
import { pageContext } from '../../platform/views/page-context.js';
import { renderFragment, sendPage } from '../../platform/views/render.js';
import { conditionEditSchema, idParamsSchema, kbGuidelineInputSchema, protocolFormSchema } from './decision-support.schemas.js';
import { getEncounterConsiderations } from './services/considerations.service.js';
import {
  addProtocol,
  approveCondition,
  getCondition,
  listConditions,
  listGuidelines,
  updateCondition,
} from './services/knowledge-base.service.js';
import { ConsiderationsPage, ConsiderationsPanel } from './views/considerations.js';
import { GuidelinesPage } from './views/guidelines.js';
import { ConditionPage, KnowledgeBaseListPage, type ConditionPageOptions } from './views/knowledge-base.js';
import { z } from 'zod';

const page = { hide: true } as const;
const codeList = (text: string | undefined) =>
  (text ?? '')
    .split(/[\s,;]+/)
    .filter((c) => c !== '')
    .map((c) => c.toUpperCase());

/** Staff pages: things to consider in an encounter, the knowledge base (browse, edit, approve), the guideline library. */
export function registerDecisionSupportPages(app: FastifyInstance): void {
  const { db } = app.deps;

  app.get(
    '/staff/encounters/:id/considerations',
    { config: { permission: 'records.read' }, schema: { ...page, params: idParamsSchema } },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      const result = await getEncounterConsiderations(db, serviceContext(request), id);
      const ctx = pageContext(request, reply);
      // The encounter page loads the panel alone (htmx); opened directly it is a whole page.
      if (request.headers['hx-request'] === 'true') {
        return reply
          .header('content-type', 'text/html; charset=utf-8')
          .header('cache-control', 'no-store')
          .send(renderFragment(<ConsiderationsPanel ctx={ctx} items={result.items} guidelines={result.guidelines} />));
      }
      const label = result.findings.patient;
      return sendPage(
        reply,
        <ConsiderationsPage
          ctx={ctx}
          encounterId={id}
          patientLabel={`${label.name} (${label.mrn})`}
          items={result.items}
          guidelines={result.guidelines}
        />,
      );
    },
  );

  registerKnowledgeBasePages(app);
  registerGuidelinePages(app);
}

const can = (request: FastifyRequest, permission: 'decision-support.manage' | 'decision-support.approve') =>
  request.actor?.kind === 'user' && roleHasPermission(request.actor.role, permission);

/** The knowledge base: browse, one entry, edit, approve. */
function registerKnowledgeBasePages(app: FastifyInstance): void {
  const { db } = app.deps;

  app.get('/staff/decision-support', { config: { permission: 'decision-support.read' }, schema: page }, async (request, reply) => {
    const items = await listConditions(db, serviceContext(request).now);
    return sendPage(reply, <KnowledgeBaseListPage ctx={pageContext(request, reply)} items={items} />);
  });

  const renderCondition = async (request: FastifyRequest, reply: FastifyReply, failure?: FormFailure) => {
    const { id } = request.params as { id: string };
    const entry = await getCondition(db, id);
    const done = (request.query as Record<string, unknown> | undefined)?.done;
    const options: ConditionPageOptions = {
      canManage: can(request, 'decision-support.manage'),
      canApprove: can(request, 'decision-support.approve'),
      errors: failure?.errors,
      values: failure?.values,
      message: failure?.message,
      done: done === 'saved' || done === 'approved' ? done : undefined,
    };
    return sendPage(reply, <ConditionPage ctx={pageContext(request, reply)} entry={entry} options={options} />, failure?.status ?? 200);
  };

  app.get(
    '/staff/decision-support/conditions/:id',
    { config: { permission: 'decision-support.read' }, schema: { ...page, params: idParamsSchema } },
    async (request, reply) => renderCondition(request, reply),
  );

  app.post(
    '/staff/decision-support/conditions/:id',
    { config: { permission: 'decision-support.manage' }, schema: { ...page, params: idParamsSchema } },
    async (request, reply) =>
      handleForm(
        request,
        reply,
        conditionEditSchema,
        async (data, version) => {
          const { id } = request.params as { id: string };
          await updateCondition(db, serviceContext(request), id, data, version);
          return `/staff/decision-support/conditions/${id}?done=saved`;
        },
        (failure) => renderCondition(request, reply, failure),
      ),
  );

  app.post(
    '/staff/decision-support/conditions/:id/approve',
    { config: { permission: 'decision-support.approve' }, schema: { ...page, params: idParamsSchema } },
    async (request, reply) =>
      handleForm(
        request,
        reply,
        z.object({}),
        async (_data, version) => {
          const { id } = request.params as { id: string };
          await approveCondition(db, serviceContext(request), id, version);
          return `/staff/decision-support/conditions/${id}?done=approved`;
        },
        (failure) => renderCondition(request, reply, failure),
      ),
  );
}

/** The guideline library and the hospital's protocols. */
function registerGuidelinePages(app: FastifyInstance): void {
  const { db } = app.deps;

  const renderGuidelines = async (request: FastifyRequest, reply: FastifyReply, failure?: FormFailure) => {
    const items = await listGuidelines(db, serviceContext(request).now);
    const done = (request.query as Record<string, unknown> | undefined)?.done === 'added';
    return sendPage(
      reply,
      <GuidelinesPage
        ctx={pageContext(request, reply)}
        items={items}
        canManage={can(request, 'decision-support.manage')}
        errors={failure?.errors}
        values={failure?.values}
        done={done}
      />,
      failure?.status ?? 200,
    );
  };

  app.get('/staff/decision-support/guidelines', { config: { permission: 'decision-support.read' }, schema: page }, async (request, reply) =>
    renderGuidelines(request, reply),
  );

  app.post(
    '/staff/decision-support/guidelines',
    { config: { permission: 'decision-support.manage' }, schema: page },
    async (request, reply) =>
      handleForm(
        request,
        reply,
        protocolFormSchema,
        async (data) => {
          const parsed = kbGuidelineInputSchema.safeParse({
            key: 'hospital-protocol',
            title: data.title,
            summary: data.summary,
            source: { title: data.sourceTitle, ...(data.sourceUrl ? { url: data.sourceUrl } : {}) },
            icd10Prefixes: codeList(data.icd10Prefixes),
            loincCodes: codeList(data.loincCodes),
          });
          if (!parsed.success) {
            throw validationFailed(parsed.error.issues.map((i) => ({ path: String(i.path[0] ?? '(form)'), message: i.message })));
          }
          const { key: _key, ...input } = parsed.data;
          await addProtocol(db, serviceContext(request), input);
          return '/staff/decision-support/guidelines?done=added';
        },
        (failure) => renderGuidelines(request, reply, failure),
      ),
  );
}
