import { STAFF_ROLES } from '../../../platform/auth/auth.tables.js';
import { Button, Field, Form, LinkButton, Pagination, SelectField, Table } from '../../../platform/views/components.js';
import { Layout, PageHeader } from '../../../platform/views/layout.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import type { StaffAccountDto } from '../admin.schemas.js';
import { MfaBadge, StaffStatusBadge } from './status-badges.js';

export function AdminStaffListPage(props: {
  ctx: PageContext;
  filters: Record<string, string | undefined>;
  items: StaffAccountDto[];
  nextHref: string | null;
}) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('admin.staff_title')} wide>
      <PageHeader
        title={t('admin.staff_title')}
        subtitle={t('admin.staff_subtitle')}
        actions={
          <LinkButton href="/admin/staff/new" variant="primary">
            {t('admin.invite_action')}
          </LinkButton>
        }
      />
      <Form ctx={ctx} action="/admin/staff" method="get" class="form form--filters">
        <Field name="query" type="search" label={t('admin.filter_name')} value={props.filters.query} maxLength={100} />
        <SelectField
          name="role"
          label={t('admin.field_role')}
          includeBlank={t('admin.any')}
          value={props.filters.role}
          options={STAFF_ROLES.map((r) => ({ value: r, label: t(`staff.role_${r}`) }))}
        />
        <SelectField
          name="status"
          label={t('admin.col_status')}
          includeBlank={t('admin.any')}
          value={props.filters.status}
          options={(['invited', 'active', 'disabled'] as const).map((s) => ({ value: s, label: t(`admin.status_${s}`) }))}
        />
        <Button variant="secondary">{t('admin.filter_submit')}</Button>
      </Form>
      <Table
        caption={t('admin.staff_title')}
        rows={props.items}
        empty={t('admin.staff_empty')}
        columns={[
          { header: t('admin.col_name'), cell: (s) => <a href={`/admin/staff/${s.id}`}>{s.name}</a> },
          { header: t('admin.field_email'), cell: (s) => s.email },
          { header: t('admin.field_role'), cell: (s) => t(`staff.role_${s.role}`) },
          {
            header: t('admin.field_flags'),
            cell: (s) =>
              [
                s.flags.nurseLead ? t('admin.flag_nurse_lead') : null,
                s.flags.privacyOfficer ? t('admin.flag_privacy_officer') : null,
                s.flags.dispatcher ? t('admin.flag_dispatcher') : null,
              ]
                .filter(Boolean)
                .join(', ') || '—',
          },
          { header: t('admin.col_status'), cell: (s) => <StaffStatusBadge ctx={ctx} status={s.status} /> },
          { header: t('admin.col_mfa'), cell: (s) => <MfaBadge ctx={ctx} enrolled={s.mfaEnrolled} /> },
        ]}
      />
      <Pagination ctx={ctx} nextHref={props.nextHref} />
    </Layout>
  );
}
