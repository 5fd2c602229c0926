import type { ComponentChildren } from 'preact';
import { roleHasPermission } from '../../../platform/authz/permissions.js';
import type { FieldError } from '../../../platform/errors.js';
import {
  Alert,
  Badge,
  Button,
  Card,
  CHIP_SPRITE_ICONS,
  Checkbox,
  DescriptionList,
  Field,
  Form,
  LinkButton,
  SelectField,
  Table,
  TextArea,
} from '../../../platform/views/components.js';
import { formatDateTimeInZone, formatZonedDateTime, zoneLabel } from '../../../platform/views/format.js';
import { IconSprite } from '../../../platform/views/icons.js';
import { Layout, PageHeader } from '../../../platform/views/layout.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import type { SendOutView } from '../services/lab-send-out.js';
import { SendOutCard } from './lab-send-out.js';
import type { LabPatient } from '../services/lab-access.js';
import type { LabCatalogue } from '../services/lab-catalogue.service.js';
import { FlagBadge, OrderStatusBadge, PriorityBadge } from './lab-badges.js';
import type { LabOrderDetail, LabOrderRow, LabResultRow } from '../services/lab-orders.service.js';
import type { ToReviewRow } from '../services/results-to-review.service.js';
import { formatNumber } from '../services/lab-results.service.js';
import type { PatientLabValue } from '../services/lab-patient-results.service.js';
import { StaffLabTrends } from './lab-results-portal.js';
import { LAB_PRIORITIES, LAB_RESULT_STATUSES } from '../labs.vocabulary.js';

const when = (ctx: PageContext, d: Date | null) => (d ? formatZonedDateTime(ctx.locale, d, ctx.timeZone) : '—');
const name = (p: { givenName: string; familyName: string; mrn: string }) => `${p.givenName} ${p.familyName} (${p.mrn})`;
const may = (ctx: PageContext, permission: Parameters<typeof roleHasPermission>[1]) =>
  ctx.actor !== null && roleHasPermission(ctx.actor.role, permission);

const problemMessage = (ctx: PageContext, problem: string | undefined) =>
  problem ? <Alert kind="danger">{ctx.t(problem === 'conflict' ? 'labs.problem_conflict' : 'labs.problem_invalid')}</Alert> : null;

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
        subtitle={name(patient)}
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
      <PageHeader title={t('labs.order_tests')} subtitle={name(patient)} />
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

function ResultValue(props: { ctx: PageContext; r: LabResultRow }) {
  const r = props.r;
  if (r.value === null) return <span>{r.text}</span>;
  const converted =
    r.enteredUnit && r.enteredUnit !== r.unit
      ? ` (${props.ctx.t('labs.entered_as', { value: formatNumber(r.enteredValue!), unit: r.enteredUnit })})`
      : '';
  return (
    <span>
      {formatNumber(r.value)} {r.unit}
      {converted}
    </span>
  );
}

const rangeText = (r: LabResultRow) => (r.rangeLow === null && r.rangeHigh === null ? '—' : `${r.rangeLow ?? ''}–${r.rangeHigh ?? ''}`);

/** The order card's facts: state, priority, indication, times, accession, where it is performed. */
function orderFacts(ctx: PageContext, o: LabOrderDetail['order']) {
  const { t } = ctx;
  return [
    [t('labs.col_status'), <OrderStatusBadge ctx={ctx} order={o} />],
    [t('labs.col_priority'), <PriorityBadge ctx={ctx} priority={o.priority} />],
    [t('labs.field_indication'), o.indication],
    [t('labs.field_fasting'), o.fasting ? t('labs.yes') : t('labs.no')],
    [t('labs.col_ordered_at'), when(ctx, o.orderedAt)],
    [t('labs.col_accession'), o.accessionNumber ?? '—'],
    [t('labs.col_performed_by'), t(o.sendOut ? 'labs.performed_by_outside_lab' : 'labs.performed_by_in_house')],
    [t('labs.col_specimen'), o.specimen ? t(`labs.specimen_${o.specimen}`) : '—'],
    [t('labs.col_collected_at'), when(ctx, o.collectedAt)],
    [t('labs.col_received_at'), when(ctx, o.receivedAt)],
    [t('labs.col_reviewed_at'), o.reviewedAt ? `${when(ctx, o.reviewedAt)}${o.reviewComment ? ` — ${o.reviewComment}` : ''}` : '—'],
    ...(o.status === 'cancelled' ? ([[t('labs.cancel_reason'), o.cancelReason ?? '']] as [string, string][]) : []),
  ] as [string, ComponentChildren][];
}

/** One order: the specimen, its steps, every value (a replaced one shown as such), entry, review. */
export function LabOrderPage(props: {
  ctx: PageContext;
  detail: LabOrderDetail;
  sendOut?: SendOutView[];
  problem?: string;
  done?: string;
}) {
  const { ctx, detail } = props;
  const { t } = ctx;
  const o = detail.order;
  const current = detail.results.filter((r) => r.supersededAt === null);
  const earlier = detail.results.filter((r) => r.supersededAt !== null);
  const canWork = may(ctx, 'labs.work');
  return (
    <Layout ctx={ctx} title={o.itemName} wide>
      <PageHeader
        title={o.itemName}
        subtitle={name(detail.patient)}
        actions={
          <>
            {may(ctx, 'labs.order') && (
              <LinkButton href={`/staff/patients/${o.patientId}/lab-orders`}>{t('labs.patient_orders_title')}</LinkButton>
            )}
            {canWork && <LinkButton href="/lab/queue">{t('labs.queue_title')}</LinkButton>}
            {canWork && o.accessionNumber && <LinkButton href={`/lab/orders/${o.id}/label`}>{t('labs.print_label')}</LinkButton>}
          </>
        }
      />
      {problemMessage(ctx, props.problem)}
      {props.done && <Alert kind="success">{t('labs.done')}</Alert>}
      <Card title={t('labs.order_card')}>
        <DescriptionList items={orderFacts(ctx, o)} />
        {canWork && o.status === 'ordered' && (
          <Form ctx={ctx} action={`/lab/orders/${o.id}/collect`} version={o.version} class="form form--inline">
            <Button>{t('labs.collect')}</Button>
          </Form>
        )}
        {canWork && o.status === 'collected' && (
          <Form ctx={ctx} action={`/lab/orders/${o.id}/receive`} version={o.version} class="form form--inline">
            <Button>{t('labs.receive')}</Button>
          </Form>
        )}
        {may(ctx, 'labs.order') && ['ordered', 'collected', 'received'].includes(o.status) && (
          <Form ctx={ctx} action={`/lab/orders/${o.id}/cancel`} version={o.version}>
            <Field name="reason" label={t('labs.cancel_reason')} required />
            <Button variant="danger">{t('labs.cancel_order')}</Button>
          </Form>
        )}
      </Card>
      <SendOutCard ctx={ctx} order={o} messages={props.sendOut ?? []} />
      <Card title={t('labs.results_title')}>
        <Table
          caption={t('labs.results_title')}
          rows={current}
          empty={t('labs.no_results')}
          columns={[
            { header: t('labs.col_test'), cell: (r) => detail.tests.find((x) => x.code === r.testCode)?.name ?? r.loinc },
            { header: t('labs.col_value'), cell: (r) => <ResultValue ctx={ctx} r={r} /> },
            { header: t('labs.col_range'), cell: rangeText },
            { header: t('labs.col_flag'), cell: (r) => <FlagBadge ctx={ctx} flag={r.flag} /> },
            { header: t('labs.col_result_status'), cell: (r) => t(`labs.result_status_${r.status}`) },
            { header: t('labs.col_observed_at'), cell: (r) => when(ctx, r.observedAt) },
          ]}
        />
        {earlier.length > 0 && (
          <Table
            caption={t('labs.earlier_values')}
            rows={earlier}
            empty=""
            columns={[
              { header: t('labs.col_test'), cell: (r) => detail.tests.find((x) => x.code === r.testCode)?.name ?? r.loinc },
              { header: t('labs.col_value'), cell: (r) => <s>{r.value === null ? r.text : `${formatNumber(r.value)} ${r.unit ?? ''}`}</s> },
              { header: t('labs.col_flag'), cell: (r) => <FlagBadge ctx={ctx} flag={r.flag} /> },
              {
                header: t('labs.col_result_status'),
                cell: (r) => `${t(`labs.result_status_${r.status}`)} — ${t('labs.replaced_at', { at: when(ctx, r.supersededAt) })}`,
              },
            ]}
          />
        )}
      </Card>
      {canWork && ['collected', 'received', 'resulted', 'reviewed'].includes(o.status) && <ResultEntryCard ctx={ctx} detail={detail} />}
      {may(ctx, 'labs.review') && o.status === 'resulted' && <ReviewCard ctx={ctx} order={o} />}
    </Layout>
  );
}

/** Result entry: one field per test of the order (the unit pre-filled), one result status for the entry. */
function ResultEntryCard(props: { ctx: PageContext; detail: LabOrderDetail }) {
  const { ctx, detail } = props;
  const { t } = ctx;
  const o = detail.order;
  return (
    <Card title={t('labs.enter_results')}>
      <Form ctx={ctx} action={`/lab/orders/${o.id}/results`}>
        <SelectField
          name="status"
          label={t('labs.col_result_status')}
          options={LAB_RESULT_STATUSES.map((s) => ({ value: s, label: t(`labs.result_status_${s}`) }))}
          value="final"
        />
        {detail.tests.map((test) => (
          <fieldset>
            <legend>{test.name}</legend>
            {test.resultKind === 'numeric' ? (
              <>
                <Field name={`value_${test.code}`} label={t('labs.col_value')} inputMode="text" />
                <Field
                  name={`unit_${test.code}`}
                  label={t('labs.field_unit')}
                  value={test.unit}
                  hint={t('labs.unit_hint', { unit: test.unit ?? '' })}
                />
              </>
            ) : (
              <TextArea name={`text_${test.code}`} label={t('labs.col_value')} />
            )}
          </fieldset>
        ))}
        <Button>{t('labs.save_results')}</Button>
      </Form>
    </Card>
  );
}

/** A doctor's review of one order, with a finding. */
function ReviewCard(props: { ctx: PageContext; order: LabOrderRow }) {
  const { ctx } = props;
  const { t } = ctx;
  const o = props.order;
  return (
    <Card title={t('labs.review')}>
      <p>{t('labs.review_hint')}</p>
      <Form ctx={ctx} action={`/lab/orders/${o.id}/review`} version={o.version}>
        <TextArea name="comment" label={t('labs.field_comment')} />
        <Button>{t('labs.mark_reviewed')}</Button>
      </Form>
    </Card>
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
            { header: t('labs.col_patient'), cell: (r) => name(r.patient) },
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
