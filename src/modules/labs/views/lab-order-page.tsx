import type { ComponentChildren } from 'preact';
import {
  Alert,
  Button,
  Card,
  DescriptionList,
  Field,
  Form,
  LinkButton,
  SelectField,
  Table,
  TextArea,
} from '../../../platform/views/components.js';
import { Layout, PageHeader } from '../../../platform/views/layout.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import { may, patientLabel, problemMessage, when } from './lab-view-text.js';
import type { SendOutView } from '../services/lab-send-out.js';
import { SendOutCard } from './lab-send-out.js';
import { FlagBadge, OrderStatusBadge, PriorityBadge } from './lab-badges.js';
import type { LabOrderDetail, LabOrderRow, LabResultRow } from '../services/lab-orders.service.js';
import { formatNumber } from '../services/lab-results.service.js';
import { LAB_RESULT_STATUSES } from '../labs.vocabulary.js';

/** One laboratory order's page: its facts, results, result entry and the doctor's review. */

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
        subtitle={patientLabel(detail.patient)}
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
