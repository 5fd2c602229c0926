import type { FieldError } from '../../../platform/errors.js';
import {
  Alert,
  Badge,
  Button,
  CHIP_SPRITE_ICONS,
  Checkbox,
  Form,
  LinkButton,
  SelectField,
  Table,
  TextArea,
} from '../../../platform/views/components.js';
import { formatDateTimeInZone, zoneLabel } from '../../../platform/views/format.js';
import { IconSprite } from '../../../platform/views/icons.js';
import { Layout, PageHeader } from '../../../platform/views/layout.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import { may, patientLabel, when } from './lab-view-text.js';
import type { LabPatient } from '../services/lab-access.js';
import type { LabCatalogue } from '../services/lab-catalogue.service.js';
import { FlagBadge, OrderStatusBadge, PriorityBadge } from './lab-badges.js';
import type { LabOrderRow } from '../services/lab-orders.service.js';
import type { ToReviewRow } from '../services/results-to-review.service.js';
import type { PatientLabValue } from '../services/lab-patient-results.service.js';
import { StaffLabTrends } from './lab-results-portal.js';
import { LAB_PRIORITIES } from '../labs.vocabulary.js';

/**
 * A patient's laboratory orders (from the chart), newest first, 20 a page with a link to the older
 * ones, with "Order tests" for doctors; then the trends (first page only; `test`: one test in full).
 */
export function PatientLabOrdersPage(props: {
  ctx: PageContext;
  patient: LabPatient;
  orders: LabOrderRow[];
  olderHref?: string | null;
  trends?: PatientLabValue[];
  test?: string;
}) {
  const { ctx, patient } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('labs.patient_orders_title')} wide>
      <PageHeader
        title={t('labs.patient_orders_title')}
        subtitle={patientLabel(patient)}
        actions={
          <>
            <LinkButton href={`/staff/patients/${patient.id}/chart`}>{t('labs.back_to_chart')}</LinkButton>
            {may(ctx, 'labs.order') && (
              <LinkButton href={`/staff/patients/${patient.id}/lab-orders/new`} variant="primary">
                {t('labs.order_tests')}
              </LinkButton>
            )}
          </>
        }
      />
      {/* The chips' icons once, drawn by reference in each row (issue 13: page size). */}
      <IconSprite names={CHIP_SPRITE_ICONS} />
      <OrdersTable ctx={ctx} orders={props.orders} />
      {props.olderHref && (
        <nav class="pagination" aria-label={t('common.pagination')}>
          <a class="btn btn--secondary" href={props.olderHref}>
            {t('labs.older_orders')}
          </a>
        </nav>
      )}
      {props.trends && (
        <StaffLabTrends
          ctx={ctx}
          values={props.trends}
          base={`/staff/patients/${patient.id}/lab-orders`}
          {...(props.test ? { test: props.test } : {})}
        />
      )}
    </Layout>
  );
}

function OrdersTable(props: { ctx: PageContext; orders: LabOrderRow[] }) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <Table
      caption={t('labs.patient_orders_title')}
      rows={props.orders}
      empty={t('labs.no_orders')}
      columns={[
        // The zone named once, in the header (issue 13: page size).
        {
          header: `${t('labs.col_ordered_at')} (${zoneLabel(ctx.timeZone)})`,
          cell: (o) => formatDateTimeInZone(ctx.locale, o.orderedAt, ctx.timeZone),
        },
        { header: t('labs.col_item'), cell: (o) => <a href={`/lab/orders/${o.id}`}>{o.itemName}</a> },
        { header: t('labs.col_priority'), cell: (o) => <PriorityBadge ctx={ctx} priority={o.priority} sprite /> },
        { header: t('labs.col_status'), cell: (o) => <OrderStatusBadge ctx={ctx} order={o} sprite /> },
        { header: t('labs.col_accession'), cell: (o) => o.accessionNumber ?? '—' },
      ]}
    />
  );
}

export interface OrderFormValues {
  item?: string;
  priority?: string;
  indication?: string;
  fasting?: boolean;
  encounterId?: string;
  sendOut?: boolean;
}

/** Ordering tests or a panel: from the chart, or from an encounter (the encounter travels in a hidden field). */
export function NewLabOrderPage(props: {
  ctx: PageContext;
  patient: LabPatient;
  catalogue: LabCatalogue;
  values: OrderFormValues;
  errors: FieldError[];
  /** An outside laboratory is connected: the doctor may send an in-house test there. */
  outsideLab?: boolean;
}) {
  const { ctx, patient, catalogue, values } = props;
  const { t } = ctx;
  const options = [
    ...catalogue.panels.filter((p) => p.active).map((p) => ({ value: p.code, label: `${p.name} — ${t('labs.panel')}` })),
    ...catalogue.tests
      .filter((x) => x.active)
      .map((x) => ({
        value: x.code,
        label: x.performedBy === 'outside_lab' ? `${x.name} — ${t('labs.performed_by_outside_lab')}` : x.name,
      })),
  ];
  return (
    <Layout ctx={ctx} title={t('labs.order_tests')}>
      <PageHeader title={t('labs.order_tests')} subtitle={patientLabel(patient)} />
      {props.errors.length > 0 && <Alert kind="danger">{t('labs.problem_invalid')}</Alert>}
      <Form ctx={ctx} action={`/staff/patients/${patient.id}/lab-orders`}>
        {values.encounterId && <input type="hidden" name="encounterId" value={values.encounterId} />}
        <SelectField
          name="item"
          label={t('labs.field_item')}
          options={options}
          value={values.item ?? null}
          errors={props.errors}
          required
          includeBlank={t('labs.choose')}
        />
        <SelectField
          name="priority"
          label={t('labs.field_priority')}
          options={LAB_PRIORITIES.map((p) => ({ value: p, label: t(`labs.priority_${p}`) }))}
          value={values.priority ?? 'routine'}
          errors={props.errors}
          required
        />
        <TextArea name="indication" label={t('labs.field_indication')} value={values.indication ?? null} errors={props.errors} />
        <Checkbox name="fasting" label={t('labs.field_fasting')} checked={values.fasting ?? false} />
        {props.outsideLab && <Checkbox name="sendOut" label={t('labs.field_send_out')} checked={values.sendOut ?? false} />}
        <Button>{t('labs.place_order')}</Button>
      </Form>
    </Layout>
  );
}

/** The doctor's resulted orders awaiting review; a batch review (critical alerts are still acknowledged one at a time). */
export function ResultsToReviewPage(props: { ctx: PageContext; rows: ToReviewRow[]; done?: string }) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('labs.to_review_title')} wide>
      <PageHeader title={t('labs.to_review_title')} subtitle={t('labs.review_hint')} />
      {props.done && <Alert kind="success">{t('labs.done')}</Alert>}
      <Form ctx={ctx} action="/lab/results-to-review">
        <Table
          caption={t('labs.to_review_title')}
          rows={props.rows}
          empty={t('labs.to_review_empty')}
          columns={[
            {
              header: t('labs.col_select'),
              cell: (r) => (
                <input type="checkbox" name="orderIds" value={r.order.id} aria-label={t('labs.select_order', { item: r.order.itemName })} />
              ),
            },
            { header: t('labs.col_resulted_at'), cell: (r) => when(ctx, r.order.resultedAt) },
            { header: t('labs.col_patient'), cell: (r) => patientLabel(r.patient) },
            { header: t('labs.col_item'), cell: (r) => <a href={`/lab/orders/${r.order.id}`}>{r.order.itemName}</a> },
            {
              header: t('labs.col_flag'),
              cell: (r) =>
                r.critical ? (
                  <FlagBadge ctx={ctx} flag="critical_high" />
                ) : r.abnormal ? (
                  <Badge kind="warning">{t('labs.abnormal')}</Badge>
                ) : (
                  <FlagBadge ctx={ctx} flag="normal" />
                ),
            },
          ]}
        />
        {props.rows.length > 0 && (
          <>
            <TextArea name="comment" label={t('labs.field_comment')} />
            <Button>{t('labs.review_selected')}</Button>
          </>
        )}
      </Form>
    </Layout>
  );
}
