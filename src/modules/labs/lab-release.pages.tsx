import type { FastifyInstance } from 'fastify';
import { AppError, type FieldError } from '../../platform/errors.js';
import { serviceContext } from '../../platform/http/context.js';
import { formVersion, normaliseForm } from '../../platform/http/forms.js';
import { pageContext } from '../../platform/views/page-context.js';
import { sendPage } from '../../platform/views/render.js';
import { LAB_CATEGORIES, type LabCategory } from './labs.vocabulary.js';
import { readLabCatalogue } from './services/lab-catalogue.service.js';
import { readReleaseRules, updateReleaseRule } from './services/lab-release.js';
import { CataloguePage } from './views/lab-catalogue-pages.js';

const notHere = () => new AppError('not_found', 'There is nothing at this address.');

/** Release to the patient: a lab administrator sets a category's rule on the catalogue page. */
export function registerLabReleasePages(app: FastifyInstance): void {
  const { db } = app.deps;

  app.post(
    '/admin/lab-catalogue/release/:category',
    { config: { permission: 'labs.catalogue.manage' }, schema: { hide: true } },
    async (request, reply) => {
      const category = (request.params as { category?: string }).category ?? '';
      if (!(LAB_CATEGORIES as readonly string[]).includes(category)) throw notHere();
      const form = normaliseForm(request.body);
      const daysText = typeof form.days === 'string' ? form.days.trim() : '';
      const days = daysText === '' ? null : Number(daysText);
      const version = Number(formVersion(request.body) ?? '0');
      const errors: FieldError[] = [];
      try {
        await updateReleaseRule(db, serviceContext(request), category as LabCategory, {
          rule: typeof form.rule === 'string' ? form.rule : '',
          days,
          version: Number.isInteger(version) && version >= 0 ? version : 0,
        });
        return reply.redirect('/admin/lab-catalogue?done=1', 303);
      } catch (error) {
        if (!(error instanceof AppError) || ![400, 409].includes(error.status)) throw error;
        errors.push(...((error.extra.errors as FieldError[] | undefined) ?? [{ path: '(form)', message: error.detail }]));
      }
      const [catalogue, rules] = await Promise.all([readLabCatalogue(db), readReleaseRules(db)]);
      return sendPage(
        reply,
        <CataloguePage ctx={pageContext(request, reply)} catalogue={catalogue} release={rules} releaseErrors={errors} />,
        400,
      );
    },
  );
}
