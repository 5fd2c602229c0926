import type { FieldError } from '../../../platform/errors.js';
import { formatDate } from '../../../platform/i18n/i18n.js';
import { Alert, Button, Card, DescriptionList, Form } from '../../../platform/views/components.js';
import { Layout, PageHeader } from '../../../platform/views/layout.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import { StaffPhotoCard, type Department, type Specialty } from '../../staff/index.js';
import type { StaffAccountDto } from '../admin.schemas.js';
import { StaffFields, type StaffFormValues } from './staff-form.js';
import { MfaBadge, StaffStatusBadge, type DoneMessage } from './status-badges.js';

export function staffFormValuesOf(account: StaffAccountDto): StaffFormValues {
  return {
    role: account.role,
    givenName: account.givenName,
    familyName: account.familyName,
    title: account.title,
    departmentId: account.department?.id ?? null,
    specialtyIds: account.specialties.map((s) => s.id),
    languages: account.languages.join(', '),
    nurseLead: account.flags.nurseLead,
    privacyOfficer: account.flags.privacyOfficer,
    dispatcher: account.flags.dispatcher,
  };
}

/** One staff member: the facts, the edit form and the account actions (each asks to confirm). */
export function AdminStaffDetailPage(props: {
  ctx: PageContext;
  account: StaffAccountDto;
  values: StaffFormValues;
  errors: FieldError[];
  departments: Department[];
  specialties: Specialty[];
  done?: DoneMessage;
  isSelf: boolean;
}) {
  const { ctx, account } = props;
  const { t } = ctx;
  const base = `/admin/staff/${account.id}`;
  return (
    <Layout ctx={ctx} title={account.name} wide>
      <PageHeader title={account.name} subtitle={<StaffStatusBadge ctx={ctx} status={account.status} />} />
      {props.done && <Alert kind="success">{t(`admin.done_${props.done}`)}</Alert>}
      {props.errors.length > 0 && <Alert kind="danger" title={t('admin.form_has_errors')} />}
      <Card title={t('admin.account_card')} id="account">
        <DescriptionList
          items={[
            [t('admin.field_email'), account.email],
            [t('admin.field_role'), t(`staff.role_${account.role}`)],
            [t('admin.col_status'), <StaffStatusBadge ctx={ctx} status={account.status} />],
            [t('admin.col_mfa'), <MfaBadge ctx={ctx} enrolled={account.mfaEnrolled} />],
            [t('admin.col_created'), formatDate(ctx.locale, account.createdAt, ctx.timeZone)],
          ]}
        />
        <div class="card-actions">
          {account.status === 'invited' && (
            <Form ctx={ctx} action={`${base}/resend-invitation`} confirm={t('admin.confirm_resend')}>
              <Button variant="secondary">{t('admin.resend_action')}</Button>
            </Form>
          )}
          {!props.isSelf && account.status !== 'disabled' && (
            <Form ctx={ctx} action={`${base}/disable`} confirm={t('admin.confirm_disable', { name: account.name })}>
              <Button variant="danger">{t('admin.disable_action')}</Button>
            </Form>
          )}
          {account.status === 'disabled' && (
            <Form ctx={ctx} action={`${base}/enable`} confirm={t('admin.confirm_enable', { name: account.name })}>
              <Button variant="secondary">{t('admin.enable_action')}</Button>
            </Form>
          )}
          {!props.isSelf && (
            <Form ctx={ctx} action={`${base}/reset-mfa`} confirm={t('admin.confirm_reset_mfa', { name: account.name })}>
              <Button variant="danger">{t('admin.reset_mfa_action')}</Button>
            </Form>
          )}
        </div>
      </Card>
      <Card title={t('admin.edit_card')} id="edit">
        <Form ctx={ctx} action={base} version={account.version}>
          <StaffFields
            ctx={ctx}
            values={props.values}
            errors={props.errors}
            departments={props.departments}
            specialties={props.specialties}
            withEmail={false}
          />
          <Button>{t('admin.save')}</Button>
        </Form>
      </Card>
      <StaffPhotoCard
        ctx={ctx}
        subject={{ staffId: account.id, name: account.name, photoUrl: account.photoUrl }}
        from="admin"
        title={t('staff.photo_card_admin')}
      />
    </Layout>
  );
}
