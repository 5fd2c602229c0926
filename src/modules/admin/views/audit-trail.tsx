import { auditActionLabel } from '../../../platform/audit/audit-actions.js';
import type { FieldError } from '../../../platform/errors.js';
import { formatDate } from '../../../platform/i18n/i18n.js';
import {
  Alert,
  Badge,
  Button,
  Card,
  Field,
  Form,
  Pagination,
  SelectField,
  Table,
  type NextPageForm,
} from '../../../platform/views/components.js';
import { Layout, PageHeader } from '../../../platform/views/layout.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import type { AuditEventDto, ChainVerificationDto } from '../admin.schemas.js';
import { AUDIT_EXPORT_MAX_ROWS } from '../services/audit-trail.service.js';

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

function ActorCell(props: { ctx: PageContext; e: AuditEventDto }) {
  const { ctx, e } = props;
  const { t } = ctx;
  if (e.actorUserId) {
    const role = e.actorRole ? t(`identity.role_${e.actorRole}`) : '';
    return (
      <a href={`/admin/audit?actor=${e.actorUserId}`}>
        {e.actorName ?? t('admin.unknown_person')}
        {role ? ` (${role})` : ''}
      </a>
    );
  }
  return <>{e.actorApiKeyId ? t('admin.api_key_actor') : t('admin.system_actor')}</>;
}

export function AuditTrailPage(props: {
  ctx: PageContext;
  filters: Record<string, string | undefined>;
  errors: FieldError[];
  items: AuditEventDto[];
  nextForm: NextPageForm | null;
  verification?: ChainVerificationDto;
}) {
  const { ctx, filters } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('admin.audit_title')} wide>
      <PageHeader title={t('admin.audit_title')} subtitle={t('admin.audit_subtitle')} />
      {ctx.actor?.role === 'admin' && (
        <Card title={t('admin.chain_card')} id="chain">
          {props.verification && <VerificationResult ctx={ctx} result={props.verification} />}
          <p class="hint">{t('admin.chain_hint')}</p>
          <Form ctx={ctx} action="/admin/audit/verify">
            <Button variant="secondary">{t('admin.verify_action')}</Button>
          </Form>
        </Card>
      )}
      <Form ctx={ctx} action="/admin/audit" search class="form form--filters">
        <Field
          name="actorName"
          label={t('admin.filter_actor_name')}
          hint={t('admin.filter_name_hint')}
          value={filters.actorName}
          errors={props.errors}
          maxLength={100}
          autocomplete="off"
        />
        <Field
          name="patientName"
          label={t('admin.filter_patient_name')}
          hint={t('admin.filter_name_hint')}
          value={filters.patientName}
          errors={props.errors}
          maxLength={100}
          autocomplete="off"
        />
        {filters.actor && <input type="hidden" name="actor" value={filters.actor} />}
        {filters.patient && <input type="hidden" name="patient" value={filters.patient} />}
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
        <button type="submit" class="btn btn--link" formaction="/admin/audit/export.csv">
          {t('admin.export_csv')}
        </button>
        <p class="hint">{t('admin.export_hint', { max: AUDIT_EXPORT_MAX_ROWS.toLocaleString(ctx.locale) })}</p>
      </Form>
      {(filters.actor || filters.patient) && (
        <p>
          {t('admin.filtered_to_one')} <a href="/admin/audit">{t('admin.clear_filters')}</a>
        </p>
      )}
      <Table
        caption={t('admin.audit_title')}
        rows={props.items}
        empty={t('admin.audit_empty')}
        columns={[
          { header: t('admin.col_when'), cell: (e) => formatDate(ctx.locale, e.occurredAt, ctx.timeZone, true) },
          { header: t('admin.col_action'), cell: (e) => <span title={e.action}>{auditActionLabel(ctx.t, e.action)}</span> },
          { header: t('admin.col_actor'), cell: (e) => <ActorCell ctx={ctx} e={e} /> },
          {
            header: t('admin.col_patient'),
            cell: (e) =>
              e.patientId ? <a href={`/admin/audit?patient=${e.patientId}`}>{e.patientName ?? t('admin.unknown_person')}</a> : '—',
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
      <Pagination ctx={ctx} nextHref={null} nextForm={props.nextForm} />
    </Layout>
  );
}
