import type { FieldError } from '../../../platform/errors.js';
import { formatDate } from '../../../platform/i18n/i18n.js';
import { Alert, Badge, Button, Card, Field, Form, Pagination, SelectField, Table } from '../../../platform/views/components.js';
import { Layout, PageHeader } from '../../../platform/views/layout.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import type { AuditEventDto, ChainVerificationDto } from '../admin.schemas.js';

const OUTCOME_KIND = { success: 'success', denied: 'danger', failure: 'warning' } as const;

function VerificationResult(props: { ctx: PageContext; result: ChainVerificationDto }) {
  const { t } = props.ctx;
  const { result } = props;
  if (result.ok) {
    return (
      <Alert kind="success" title={t('admin.chain_ok_title')}>
        {t('admin.chain_ok', { checked: result.checked, sealed: result.sealed })}
      </Alert>
    );
  }
  return (
    <Alert kind="danger" title={t('admin.chain_broken_title')}>
      {t('admin.chain_broken', {
        seq: result.firstBroken?.seq ?? '?',
        id: result.firstBroken?.id ?? '?',
        reason: result.firstBroken?.reason ?? '',
      })}
    </Alert>
  );
}

export function AuditTrailPage(props: {
  ctx: PageContext;
  filters: Record<string, string | undefined>;
  errors: FieldError[];
  items: AuditEventDto[];
  nextHref: string | null;
  verification?: ChainVerificationDto;
}) {
  const { ctx, filters } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('admin.audit_title')} wide>
      <PageHeader title={t('admin.audit_title')} subtitle={t('admin.audit_subtitle')} />
      <Card title={t('admin.chain_card')} id="chain">
        {props.verification && <VerificationResult ctx={ctx} result={props.verification} />}
        <p class="hint">{t('admin.chain_hint')}</p>
        <Form ctx={ctx} action="/admin/audit/verify">
          <Button variant="secondary">{t('admin.verify_action')}</Button>
        </Form>
      </Card>
      <Form ctx={ctx} action="/admin/audit" method="get" class="form form--filters">
        <Field
          name="actor"
          label={t('admin.filter_actor')}
          hint={t('admin.filter_id_hint')}
          value={filters.actor}
          errors={props.errors}
          maxLength={36}
        />
        <Field
          name="patient"
          label={t('admin.filter_patient')}
          hint={t('admin.filter_id_hint')}
          value={filters.patient}
          errors={props.errors}
          maxLength={36}
        />
        <Field
          name="action"
          label={t('admin.filter_action')}
          hint={t('admin.filter_action_hint')}
          value={filters.action}
          errors={props.errors}
          maxLength={100}
        />
        <SelectField
          name="outcome"
          label={t('admin.filter_outcome')}
          includeBlank={t('admin.any')}
          value={filters.outcome}
          errors={props.errors}
          options={(['success', 'denied', 'failure'] as const).map((o) => ({ value: o, label: t(`admin.outcome_${o}`) }))}
        />
        <Field name="from" type="date" label={t('admin.filter_from')} value={filters.from} errors={props.errors} />
        <Field name="to" type="date" label={t('admin.filter_to')} value={filters.to} errors={props.errors} />
        <Button variant="secondary">{t('admin.filter_submit')}</Button>
      </Form>
      <Table
        caption={t('admin.audit_title')}
        rows={props.items}
        empty={t('admin.audit_empty')}
        columns={[
          { header: t('admin.col_when'), cell: (e) => formatDate(ctx.locale, e.occurredAt, ctx.timeZone, true) },
          { header: t('admin.col_action'), cell: (e) => <code>{e.action}</code> },
          {
            header: t('admin.col_actor'),
            cell: (e) =>
              e.actorUserId ? (
                <a href={`/admin/audit?actor=${e.actorUserId}`}>{e.actorRole ?? e.actorUserId}</a>
              ) : e.actorApiKeyId ? (
                t('admin.api_key_actor')
              ) : (
                '—'
              ),
          },
          { header: t('admin.col_resource'), cell: (e) => `${e.resourceType}${e.resourceId ? ` ${e.resourceId}` : ''}` },
          {
            header: t('admin.col_patient'),
            cell: (e) => (e.patientId ? <a href={`/admin/audit?patient=${e.patientId}`}>{e.patientId.slice(0, 8)}</a> : '—'),
          },
          {
            header: t('admin.col_outcome'),
            cell: (e) => (
              <Badge kind={OUTCOME_KIND[e.outcome as keyof typeof OUTCOME_KIND] ?? 'neutral'}>{t(`admin.outcome_${e.outcome}`)}</Badge>
            ),
          },
          { header: t('admin.col_seq'), cell: (e) => (e.seq === null ? t('admin.not_sealed') : String(e.seq)) },
        ]}
      />
      <Pagination ctx={ctx} nextHref={props.nextHref} />
    </Layout>
  );
}
