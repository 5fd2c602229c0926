import type { FieldError } from '../../../platform/errors.js';
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
import { formatZonedDateTime } from '../../../platform/views/format.js';
import { Layout, PageHeader } from '../../../platform/views/layout.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import type { OrderDto, OrderSummaryDto } from '../imaging.schemas.js';
import { IMAGING_MODALITIES, IMAGING_PRIORITIES } from '../imaging.vocabulary.js';

const when = (ctx: PageContext, iso: string | null) => (iso ? formatZonedDateTime(ctx.locale, new Date(iso), ctx.timeZone) : '—');

export interface FormState {
  errors: FieldError[];
  values: Record<string, unknown>;
  message?: string;
  /** Which form of the page failed (the order page has several). */
  form?: string;
}
const valueOf = (state: FormState | undefined, name: string) => {
  const v = state?.values[name];
  return typeof v === 'string' ? v : undefined;
};

function OrdersTable(props: { ctx: PageContext; rows: OrderSummaryDto[]; withPatient?: boolean }) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <Table
      caption={t('imaging.title_patient')}
      rows={props.rows}
      empty={t('imaging.orders_empty')}
      columns={[
        ...(props.withPatient
          ? [{ header: t('imaging.col_patient'), cell: (o: OrderSummaryDto) => `${o.patient.name} (${o.patient.mrn})` }]
          : []),
        { header: t('imaging.col_priority'), cell: (o) => t(`imaging.priority_${o.priority}`) },
        {
          header: t('imaging.col_modality'),
          cell: (o) => <a href={`/staff/imaging/orders/${o.id}`}>{t(`imaging.modality_${o.modality}`)}</a>,
        },
        { header: t('imaging.col_body_part'), cell: (o) => o.bodyPart },
        { header: t('imaging.col_status'), cell: (o) => t(`imaging.status_${o.status}`) },
        { header: t('imaging.col_ordered'), cell: (o) => when(ctx, o.orderedAt) },
        { header: t('imaging.col_scheduled'), cell: (o) => when(ctx, o.scheduledFor) },
      ]}
    />
  );
}

/** A patient's imaging orders, and the order form for doctors. */
export function PatientImagingPage(props: {
  ctx: PageContext;
  patientId: string;
  orders: OrderSummaryDto[];
  canOrder: boolean;
  encounterId?: string;
  state?: FormState;
  done?: boolean;
}) {
  const { ctx, state } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('imaging.title_patient')} wide>
      <PageHeader title={t('imaging.title_patient')} />
      <p>
        <a href={`/staff/patients/${props.patientId}/chart`}>{t('imaging.back_to_chart')}</a>
      </p>
      {props.done && <Alert kind="success">{t('imaging.done_created')}</Alert>}
      {props.canOrder && (
        <Card title={t('imaging.new_order')}>
          {state?.message && <Alert kind="danger">{state.message}</Alert>}
          <Form ctx={ctx} action={`/staff/patients/${props.patientId}/imaging`}>
            {props.encounterId && <input type="hidden" name="encounterId" value={props.encounterId} />}
            <SelectField
              name="modality"
              label={t('imaging.col_modality')}
              required
              value={valueOf(state, 'modality')}
              errors={state?.errors}
              options={IMAGING_MODALITIES.map((m) => ({ value: m, label: t(`imaging.modality_${m}`) }))}
            />
            <Field
              name="bodyPart"
              label={t('imaging.col_body_part')}
              required
              maxLength={100}
              value={valueOf(state, 'bodyPart')}
              errors={state?.errors}
            />
            <TextArea name="indication" label={t('imaging.col_indication')} value={valueOf(state, 'indication')} errors={state?.errors} />
            <SelectField
              name="priority"
              label={t('imaging.col_priority')}
              required
              value={valueOf(state, 'priority') ?? 'routine'}
              errors={state?.errors}
              options={IMAGING_PRIORITIES.map((p) => ({ value: p, label: t(`imaging.priority_${p}`) }))}
            />
            <Button>{t('imaging.submit_order')}</Button>
          </Form>
        </Card>
      )}
      <OrdersTable ctx={ctx} rows={props.orders} />
    </Layout>
  );
}

export function WorklistPage(props: { ctx: PageContext; orders: OrderSummaryDto[] }) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('imaging.title_worklist')} wide>
      <PageHeader title={t('imaging.title_worklist')} subtitle={t('imaging.worklist_subtitle')} />
      <OrdersTable ctx={ctx} rows={props.orders} withPatient />
    </Layout>
  );
}

function StudyCard(props: { ctx: PageContext; order: OrderDto; canPerform: boolean; state?: FormState }) {
  const { ctx, order, state } = props;
  const { t } = ctx;
  const open = order.status === 'ordered' || order.status === 'scheduled' || order.status === 'performed';
  return (
    <Card
      title={t('imaging.study_title')}
      actions={
        order.study ? <LinkButton href={`/staff/imaging/orders/${order.id}/viewer`}>{t('imaging.view_images')}</LinkButton> : undefined
      }
    >
      {order.study ? (
        <DescriptionList
          items={[
            [t('imaging.study_uid'), <code>{order.study.studyInstanceUid}</code>],
            [t('imaging.study_series'), String(order.study.seriesCount)],
            [t('imaging.study_instances'), String(order.study.instanceCount)],
            [t('imaging.study_modalities'), order.study.modalities.join(', ') || '—'],
            [t('imaging.study_body_parts'), order.study.bodyParts.join(', ') || '—'],
          ]}
        />
      ) : (
        <p>{t('imaging.study_none')}</p>
      )}
      {props.canPerform && open && (
        <>
          <h3>{t('imaging.upload_title')}</h3>
          {state?.form === 'upload' && state.message && <Alert kind="danger">{state.message}</Alert>}
          <Form ctx={ctx} action={`/staff/imaging/orders/${order.id}/instances`} enctype="multipart/form-data">
            <div class="field">
              <label for="f-file">{t('imaging.upload_file')}</label>
              <p class="hint" id="f-file-hint">
                {t('imaging.upload_hint')}
              </p>
              <input id="f-file" type="file" name="file" accept=".dcm,application/dicom" required aria-describedby="f-file-hint" />
            </div>
            <Button>{t('imaging.upload_submit')}</Button>
          </Form>
        </>
      )}
    </Card>
  );
}

function ReportCard(props: { ctx: PageContext; order: OrderDto; canReport: boolean; state?: FormState }) {
  const { ctx, order, state } = props;
  const { t } = ctx;
  const report = order.report;
  const editable = props.canReport && (order.status === 'performed' || order.status === 'reported') && report?.status !== 'signed';
  return (
    <Card title={t('imaging.report_title')}>
      {state?.form === 'report' && state.message && <Alert kind="danger">{state.message}</Alert>}
      {report ? (
        <DescriptionList
          items={[
            [t('imaging.col_status'), t(`imaging.report_status_${report.status}`)],
            [t('imaging.report_author'), report.author?.name ?? '—'],
            [t('imaging.report_findings'), <p class="prewrap">{report.findings}</p>],
            [t('imaging.report_impression'), <p class="prewrap">{report.impression}</p>],
            ...(report.status === 'signed'
              ? ([
                  [
                    t('imaging.report_status_signed'),
                    t('imaging.report_signed_by', { name: report.signedBy?.name ?? '', when: when(ctx, report.signedAt) }),
                  ],
                ] as [string, string][])
              : []),
          ]}
        />
      ) : (
        <p>{t('imaging.report_none')}</p>
      )}
      {editable && (
        <Form ctx={ctx} action={`/staff/imaging/orders/${order.id}/report`} version={report?.version}>
          <TextArea
            name="findings"
            label={t('imaging.report_findings')}
            rows={8}
            value={valueOf(state, 'findings') ?? report?.findings}
            errors={state?.errors}
          />
          <TextArea
            name="impression"
            label={t('imaging.report_impression')}
            rows={3}
            value={valueOf(state, 'impression') ?? report?.impression}
            errors={state?.errors}
          />
          <Button variant="secondary">{t('imaging.report_save')}</Button>
        </Form>
      )}
      {editable && report && (
        <Form
          ctx={ctx}
          action={`/staff/imaging/orders/${order.id}/report/sign`}
          version={report.version}
          confirm={t('imaging.report_sign_confirm')}
        >
          <Button>{t('imaging.report_sign')}</Button>
        </Form>
      )}
      {report?.status === 'signed' && (
        <>
          <h3>{t('imaging.addenda_title')}</h3>
          <ul>
            {report.addenda.map((a) => (
              <li>
                <p class="prewrap">{a.text}</p>
                <p class="hint">{t('imaging.addendum_line', { name: a.author?.name ?? '', when: when(ctx, a.createdAt) })}</p>
              </li>
            ))}
          </ul>
          {props.canReport && (
            <Form ctx={ctx} action={`/staff/imaging/orders/${order.id}/report/addenda`}>
              <TextArea name="text" label={t('imaging.addendum_text')} errors={state?.form === 'addendum' ? state.errors : undefined} />
              <Button variant="secondary">{t('imaging.addendum_submit')}</Button>
            </Form>
          )}
        </>
      )}
    </Card>
  );
}

/** One order: what was asked, its steps, the study's metadata and the report. */
export function OrderPage(props: {
  ctx: PageContext;
  order: OrderDto;
  canPerform: boolean;
  canReport: boolean;
  canCancel: boolean;
  state?: FormState;
  done?: boolean;
}) {
  const { ctx, order, state } = props;
  const { t } = ctx;
  const notPerformed = order.status === 'ordered' || order.status === 'scheduled';
  return (
    <Layout ctx={ctx} title={t('imaging.title_order')} wide>
      <PageHeader
        title={`${t(`imaging.modality_${order.modality}`)} — ${order.bodyPart}`}
        subtitle={`${order.patient.name} (${order.patient.mrn})`}
      />
      <p>
        {/* Radiology reaches orders from its worklist and may not open the patient's other imaging
            (no care relationship): the way back is the worklist. */}
        {props.canPerform ? (
          <a href="/staff/imaging/worklist">{t('imaging.title_worklist')}</a>
        ) : (
          <a href={`/staff/patients/${order.patient.id}/imaging`}>{t('imaging.back_to_patient')}</a>
        )}
      </p>
      {props.done && <Alert kind="success">{t('imaging.done_saved')}</Alert>}
      <Card title={t('imaging.title_order')}>
        <DescriptionList
          items={[
            [t('imaging.col_status'), t(`imaging.status_${order.status}`)],
            [t('imaging.col_priority'), t(`imaging.priority_${order.priority}`)],
            [t('imaging.col_modality'), t(`imaging.modality_${order.modality}`)],
            [t('imaging.col_body_part'), order.bodyPart],
            [t('imaging.col_indication'), <p class="prewrap">{order.indication}</p>],
            [t('imaging.col_ordered_by'), `${order.orderedBy?.name ?? '—'}, ${when(ctx, order.orderedAt)}`],
            [t('imaging.col_scheduled'), when(ctx, order.scheduledFor)],
            [t('imaging.col_performed'), when(ctx, order.performedAt)],
            ...(order.status === 'cancelled' ? ([[t('imaging.col_cancel_reason'), order.cancelReason ?? '']] as [string, string][]) : []),
          ]}
        />
        {(state?.form === 'schedule' || state?.form === 'cancel') && state.message && <Alert kind="danger">{state.message}</Alert>}
        {props.canPerform && notPerformed && (
          <Form ctx={ctx} action={`/staff/imaging/orders/${order.id}/schedule`} version={order.version}>
            <Field
              name="scheduledFor"
              type="datetime-local"
              label={t('imaging.schedule_when')}
              required
              errors={state?.form === 'schedule' ? state.errors : undefined}
            />
            <Button variant="secondary">{t('imaging.schedule_submit')}</Button>
          </Form>
        )}
        {props.canCancel && notPerformed && (
          <Form ctx={ctx} action={`/staff/imaging/orders/${order.id}/cancel`} version={order.version}>
            <Field
              name="reason"
              label={t('imaging.cancel_reason')}
              required
              maxLength={500}
              errors={state?.form === 'cancel' ? state.errors : undefined}
            />
            <Button variant="danger">{t('imaging.cancel_submit')}</Button>
          </Form>
        )}
      </Card>
      <StudyCard ctx={ctx} order={order} canPerform={props.canPerform} state={state} />
      <ReportCard ctx={ctx} order={order} canReport={props.canReport} state={state} />
    </Layout>
  );
}

export const VIEWER_SCRIPT = '/assets/imaging/imaging-viewer.mjs';

/** The viewer: dwv (served by the app) draws the study's instances; the script is a module file, no inline code. */
export function ViewerPage(props: { ctx: PageContext; order: OrderDto }) {
  const { ctx, order } = props;
  const { t } = ctx;
  const urls = (order.study?.instances ?? []).map((i) => `/staff/imaging/orders/${order.id}/instances/${i.id}`);
  return (
    <Layout ctx={ctx} title={t('imaging.title_viewer')} wide>
      <link rel="stylesheet" href="/assets/imaging/imaging-viewer.css" />
      <PageHeader
        title={`${t(`imaging.modality_${order.modality}`)} — ${order.bodyPart}`}
        subtitle={`${order.patient.name} (${order.patient.mrn})`}
      />
      <p>
        <a href={`/staff/imaging/orders/${order.id}`}>{t('imaging.back_to_order')}</a>
      </p>
      <p id="imaging-viewer-help">{t('imaging.viewer_help')}</p>
      <div class="imaging-tools" role="toolbar" aria-label={t('imaging.title_viewer')}>
        <button type="button" class="btn btn--secondary" data-tool="Scroll" aria-pressed="true">
          {t('imaging.tool_scroll')}
        </button>
        <button type="button" class="btn btn--secondary" data-tool="WindowLevel" aria-pressed="false">
          {t('imaging.tool_window_level')}
        </button>
        <button type="button" class="btn btn--secondary" data-tool="ZoomAndPan" aria-pressed="false">
          {t('imaging.tool_zoom_pan')}
        </button>
        <button type="button" class="btn btn--secondary" data-action="reset">
          {t('imaging.tool_reset')}
        </button>
      </div>
      <div
        id="imaging-viewer"
        class="imaging-viewer"
        tabindex={0}
        role="img"
        aria-label={t('imaging.viewer_image')}
        aria-describedby="imaging-viewer-help imaging-viewer-status"
        data-library="/assets/imaging/dwv.mjs"
        data-urls={JSON.stringify(urls)}
        data-slice-label={t('imaging.viewer_slice')}
        data-error={t('imaging.viewer_error')}
        data-unsupported={t('imaging.viewer_unsupported')}
      >
        <div id="layerGroup0" class="imaging-layer-group"></div>
      </div>
      <p id="imaging-viewer-status" class="hint" aria-live="polite">
        {t('imaging.viewer_loading')}
      </p>
      <noscript>{t('imaging.viewer_noscript')}</noscript>
      <script type="module" src={VIEWER_SCRIPT}></script>
    </Layout>
  );
}
