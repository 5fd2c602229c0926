import { Button, Field, Form, LinkButton, Pagination, SelectField, StatusChip, Table } from '../../../platform/views/components.js';
import { Layout, PageHeader } from '../../../platform/views/layout.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import type { ProductDto } from '../medications.schemas.js';
import { formatStrength } from './format.js';

/** Formulary status with an icon and a word, never colour alone. */
export function FormularyStatus(props: { ctx: PageContext; onFormulary: boolean }) {
  const { t } = props.ctx;
  return props.onFormulary ? (
    <StatusChip tone="ok">{t('medications.status_on_formulary')}</StatusChip>
  ) : (
    <StatusChip tone="neutral" icon="ban">
      {t('medications.status_off_formulary')}
    </StatusChip>
  );
}

/** The formulary: search by product or ingredient, filter by status, open a product to edit it. */
export function FormularyListPage(props: {
  ctx: PageContext;
  filters: { query?: string; onFormulary?: string };
  items: ProductDto[];
  nextHref: string | null;
  error?: string;
  done?: 'created' | 'saved';
}) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('medications.formulary_title')} wide>
      <PageHeader
        title={t('medications.formulary_title')}
        subtitle={t('medications.formulary_subtitle')}
        actions={
          <>
            <LinkButton href="/staff/formulary/new" variant="primary">
              {t('medications.add_product')}
            </LinkButton>
            <LinkButton href="/staff/formulary/ingredients">{t('medications.lookup_link')}</LinkButton>
          </>
        }
      />
      <Form ctx={ctx} action="/staff/formulary" method="get" class="form form--filters">
        <Field
          name="query"
          type="search"
          label={t('medications.search_label')}
          hint={t('medications.search_hint')}
          value={props.filters.query}
          errors={props.error ? [{ path: 'query', message: props.error }] : []}
          maxLength={100}
        />
        <SelectField
          name="onFormulary"
          label={t('medications.field_status')}
          includeBlank={t('medications.any_status')}
          value={props.filters.onFormulary}
          options={[
            { value: 'true', label: t('medications.status_on_formulary') },
            { value: 'false', label: t('medications.status_off_formulary') },
          ]}
        />
        <Button variant="secondary">{t('medications.search_submit')}</Button>
      </Form>
      <Table
        caption={t('medications.formulary_title')}
        rows={props.items}
        empty={props.filters.query ? t('medications.search_empty') : t('medications.formulary_empty')}
        columns={[
          { header: t('medications.col_product'), cell: (p) => <a href={`/staff/formulary/${p.id}`}>{p.name}</a> },
          {
            header: t('medications.col_ingredients'),
            cell: (p) => p.ingredients.map((i) => `${i.name} ${formatStrength(ctx, i.strength)}`).join(' + '),
          },
          { header: t('medications.field_dose_form'), cell: (p) => t(`medications.dose_form_${p.doseForm}`) },
          { header: t('medications.field_route'), cell: (p) => t(`medications.route_${p.route}`) },
          { header: t('medications.field_tags'), cell: (p) => p.tags.map((tag) => t(`medications.tag_${tag}`)).join(', ') || '—' },
          { header: t('medications.field_status'), cell: (p) => <FormularyStatus ctx={ctx} onFormulary={p.onFormulary} /> },
        ]}
      />
      <Pagination ctx={ctx} nextHref={props.nextHref} />
    </Layout>
  );
}
