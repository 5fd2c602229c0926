import { Button, Card, Field, Form, LinkButton, Table } from '../../../../platform/views/components.js';
import { formatCalendarDate, formatDateTimeInZone, zoneLabel } from '../../../../platform/views/format.js';
import { Layout, PageHeader } from '../../../../platform/views/layout.js';
import type { PageContext } from '../../../../platform/views/page-context.js';
import { Money } from '../../views/billing-parts.js';
import { entryLabel } from '../statement-pdf.js';
import type { Statement } from '../statement.service.js';

/** A patient's statement for a period (docs/billing.md "Statements"), with the period's form and the PDF. */
export function StatementPage(props: { ctx: PageContext; statement: Statement; currency: string }) {
  const { ctx, statement: s } = props;
  const { t } = ctx;
  const money = (minor: number) => <Money ctx={ctx} minor={minor} currency={s.currency ?? props.currency} />;
  const base = `/staff/billing/statements/${s.patient.id}`;
  const query = `from=${s.from}&to=${s.to}`;
  return (
    <Layout ctx={ctx} title={t('billing_docs.statement_title')}>
      <PageHeader
        title={t('billing_docs.statement_title')}
        subtitle={`${s.patient.name} · ${s.patient.mrn}`}
        actions={<LinkButton href={`/staff/billing/patients/${s.patient.id}`}>{t('billing.back_to_patient')}</LinkButton>}
      />
      <Form ctx={ctx} action={base} method="get" class="form form--inline">
        <Field name="from" label={t('billing_docs.from')} type="date" value={s.from} required />
        <Field name="to" label={t('billing_docs.to')} type="date" value={s.to} required />
        <Button variant="secondary">{t('billing_docs.show')}</Button>
      </Form>
      <p>
        {t('billing_docs.statement_period', {
          from: formatCalendarDate(ctx.locale, s.from),
          to: formatCalendarDate(ctx.locale, s.to),
          zone: zoneLabel(s.timeZone),
        })}{' '}
        <a class="btn btn--secondary" href={`${base}/pdf?${query}`} download>
          {t('billing_docs.download_pdf')}
        </a>
      </p>
      <Card>
        <p>
          {t('billing_docs.opening_balance')}: {money(s.openingMinor)}
        </p>
        <Table
          caption={t('billing_docs.statement_title')}
          rows={s.entries}
          empty={t('billing_docs.statement_empty')}
          columns={[
            {
              header: t('billing_docs.col_when_zone', { zone: zoneLabel(ctx.timeZone) }),
              cell: (e) => formatDateTimeInZone(ctx.locale, new Date(e.at), ctx.timeZone),
            },
            { header: t('billing_docs.col_entry'), cell: (e) => entryLabel(t, e) },
            { header: t('billing.col_amount'), cell: (e) => money(e.amountMinor) },
            { header: t('billing_docs.col_balance'), cell: (e) => money(e.balanceMinor) },
          ]}
        />
        <p>
          <strong>
            {t('billing_docs.closing_balance')}: {money(s.closingMinor)}
          </strong>
        </p>
      </Card>
    </Layout>
  );
}
