import type { FieldError } from '../../../../platform/errors.js';
import { Alert, Button, Form, Table } from '../../../../platform/views/components.js';
import { Layout, PageHeader } from '../../../../platform/views/layout.js';
import type { PageContext } from '../../../../platform/views/page-context.js';
import { formatWhen } from '../../views/prescription-format.js';
import type { RenewalQueueItemDto } from '../patient-medicines.schemas.js';

/** A prescriber's pending renewal requests: approve (opens the new draft to sign) or deny with a reason. */
export function RenewalQueuePage(props: {
  ctx: PageContext;
  items: RenewalQueueItemDto[];
  failure?: { id: string; message: string; errors: FieldError[] };
  done?: string;
}) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('my_medicines.queue_title')} wide>
      <PageHeader title={t('my_medicines.queue_title')} subtitle={t('my_medicines.queue_intro')} />
      {props.done && <Alert kind="success">{t(`my_medicines.done_${props.done}`)}</Alert>}
      {props.failure && <Alert kind="danger">{props.failure.message}</Alert>}
      <Table
        caption={t('my_medicines.queue_title')}
        rows={props.items}
        empty={t('my_medicines.queue_empty')}
        columns={[
          {
            header: t('my_medicines.queue_patient'),
            cell: (r) => <a href={`/staff/patients/${r.patient.id}/medicines`}>{`${r.patient.name} (${r.patient.mrn})`}</a>,
          },
          { header: t('my_medicines.field_product'), cell: (r) => <a href={`/staff/prescriptions/${r.prescriptionId}`}>{r.product}</a> },
          { header: t('my_medicines.renewal_asked'), cell: (r) => formatWhen(ctx, r.createdAt) },
          { header: t('my_medicines.renewal_note_short'), cell: (r) => r.note ?? '—' },
          {
            header: t('my_medicines.renewal_actions'),
            cell: (r) => (
              <>
                <Form ctx={ctx} action={`/staff/renewal-requests/${r.id}/approve`} class="form form--inline">
                  <Button>{t('my_medicines.queue_approve')}</Button>
                </Form>
                <Form ctx={ctx} action={`/staff/renewal-requests/${r.id}/deny`}>
                  <DenyReason
                    ctx={ctx}
                    id={r.id}
                    error={props.failure?.id === r.id ? props.failure.errors.find((e) => e.path === 'reason')?.message : undefined}
                  />
                  <Button variant="danger">{t('my_medicines.queue_deny')}</Button>
                </Form>
              </>
            ),
          },
        ]}
      />
    </Layout>
  );
}

/** The reason box of one row (the shared TextArea names its id after the field, which would repeat on every row). */
function DenyReason(props: { ctx: PageContext; id: string; error?: string }) {
  const id = `deny-reason-${props.id}`;
  return (
    <div class={`field${props.error ? ' field--invalid' : ''}`}>
      <label for={id}>{props.ctx.t('my_medicines.queue_deny_reason')}</label>
      <textarea id={id} name="reason" rows={2} aria-invalid={props.error ? 'true' : undefined}></textarea>
      {props.error && <p class="field-error">{props.error}</p>}
    </div>
  );
}
