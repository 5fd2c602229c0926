import { Alert, Button, Field, Form, LinkButton, Table } from '../../../platform/views/components.js';
import { Layout, PageHeader } from '../../../platform/views/layout.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import type { IngredientDto } from '../medications.schemas.js';

/** The ingredient catalogue search: the name and RxCUI to type into a product's ingredient field. */
export function IngredientLookupPage(props: { ctx: PageContext; query?: string; items: IngredientDto[]; error?: string }) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('medications.lookup_title')}>
      <PageHeader
        title={t('medications.lookup_title')}
        subtitle={t('medications.lookup_subtitle')}
        actions={<LinkButton href="/staff/formulary">{t('medications.back_to_formulary')}</LinkButton>}
      />
      <Form ctx={ctx} action="/staff/formulary/ingredients" method="get" class="form form--filters">
        <Field
          name="query"
          type="search"
          label={t('medications.lookup_label')}
          value={props.query}
          errors={props.error ? [{ path: 'query', message: props.error }] : []}
          required
          minLength={2}
          maxLength={100}
        />
        <Button variant="secondary">{t('medications.search_submit')}</Button>
      </Form>
      {props.query !== undefined && !props.error && (
        <Table
          caption={t('medications.lookup_title')}
          rows={props.items}
          empty={t('medications.lookup_empty')}
          columns={[
            { header: t('medications.col_ingredient'), cell: (i) => i.name },
            { header: t('medications.col_rxcui'), cell: (i) => <code>{i.rxcui}</code> },
            { header: t('medications.col_matched_name'), cell: (i) => i.matchedName ?? '—' },
          ]}
        />
      )}
      <Alert kind="info" title={t('medications.attribution_title')}>
        {t('medications.attribution_text')}
      </Alert>
    </Layout>
  );
}
