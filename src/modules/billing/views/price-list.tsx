import type { FieldError } from '../../../platform/errors.js';
import { AddForm, Alert, Button, Field, Form, LinkButton, SelectField, Table } from '../../../platform/views/components.js';
import { formatCalendarDate } from '../../../platform/views/format.js';
import { Layout, PageHeader } from '../../../platform/views/layout.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import type { ChargeItemDto } from '../billing.schemas.js';
import { CODE_MAX, NAME_MAX } from '../billing.vocabulary.js';
import { formatRate, Money } from './billing-parts.js';

export interface PriceListPageProps {
  ctx: PageContext;
  items: ChargeItemDto[];
  visitTypes: { id: string; name: string }[];
  notice?: 'added';
  form?: { errors: FieldError[]; values: Record<string, unknown>; message?: string };
}

/** The price list: every code with its periods (current first) and a form to add a code or a new price. */
export function PriceListPage(props: PriceListPageProps) {
  const { ctx, items } = props;
  const { t } = ctx;
  const visitTypeName = new Map(props.visitTypes.map((v) => [v.id, v.name]));
  const values = props.form?.values ?? {};
  const text = (name: string) => (typeof values[name] === 'string' ? values[name] : undefined);
  return (
    <Layout ctx={ctx} title={t('billing.price_list_title')}>
      <PageHeader
        title={t('billing.price_list_title')}
        subtitle={t('billing.price_list_subtitle')}
        actions={<LinkButton href="/staff/billing">{t('billing.back_to_queues')}</LinkButton>}
      />
      {props.notice && <Alert kind="success">{t('billing.done_price_added')}</Alert>}
      {props.form?.message && <Alert kind="danger">{props.form.message}</Alert>}
      <Table
        caption={t('billing.price_list_title')}
        rows={items}
        empty={t('billing.price_list_empty')}
        columns={[
          { header: t('billing.col_code'), cell: (i) => i.code },
          { header: t('billing.col_service'), cell: (i) => i.name },
          { header: t('billing.col_unit_price'), cell: (i) => <Money ctx={ctx} minor={i.unitPriceMinor} currency={i.currency} /> },
          { header: t('billing.col_tax_rate'), cell: (i) => formatRate(ctx.locale, i.taxRateBp) },
          { header: t('billing.col_visit_type'), cell: (i) => (i.visitTypeId ? (visitTypeName.get(i.visitTypeId) ?? '') : '—') },
          {
            header: t('billing.col_period'),
            cell: (i) =>
              i.effectiveTo
                ? t('billing.period_closed', {
                    from: formatCalendarDate(ctx.locale, i.effectiveFrom),
                    to: formatCalendarDate(ctx.locale, i.effectiveTo),
                  })
                : t('billing.period_open', { from: formatCalendarDate(ctx.locale, i.effectiveFrom) }),
          },
        ]}
      />
      <AddForm title={t('billing.add_price')} open={Boolean(props.form)}>
        <Form ctx={ctx} action="/staff/billing/price-list">
          <Field
            name="code"
            label={t('billing.col_code')}
            hint={t('billing.code_hint')}
            required
            maxLength={CODE_MAX}
            value={text('code')}
            errors={props.form?.errors}
          />
          <Field
            name="name"
            label={t('billing.col_service')}
            required
            maxLength={NAME_MAX}
            value={text('name')}
            errors={props.form?.errors}
          />
          <Field
            name="price"
            label={t('billing.price_label')}
            hint={t('billing.price_hint')}
            required
            inputMode="text"
            value={text('price')}
            errors={props.form?.errors}
          />
          <Field
            name="taxRate"
            label={t('billing.tax_rate_label')}
            hint={t('billing.tax_rate_hint')}
            inputMode="text"
            value={text('taxRate') ?? '0'}
            errors={props.form?.errors}
          />
          <SelectField
            name="visitTypeId"
            label={t('billing.col_visit_type')}
            includeBlank={t('billing.no_visit_type')}
            options={props.visitTypes.map((v) => ({ value: v.id, label: v.name }))}
            value={text('visitTypeId')}
            errors={props.form?.errors}
          />
          <Field
            name="effectiveFrom"
            type="date"
            label={t('billing.effective_from')}
            required
            value={text('effectiveFrom')}
            errors={props.form?.errors}
          />
          <Button>{t('billing.add_price')}</Button>
        </Form>
      </AddForm>
    </Layout>
  );
}
