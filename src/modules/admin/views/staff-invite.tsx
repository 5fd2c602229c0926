import type { FieldError } from '../../../platform/errors.js';
import { Alert, Button, Form, LinkButton } from '../../../platform/views/components.js';
import { Layout, PageHeader } from '../../../platform/views/layout.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import type { Department, Specialty } from '../../staff/index.js';
import { StaffFields, type StaffFormValues } from './staff-form.js';

export function InviteStaffPage(props: {
  ctx: PageContext;
  values: StaffFormValues;
  errors: FieldError[];
  departments: Department[];
  specialties: Specialty[];
  problem?: string;
}) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('admin.invite_title')}>
      <PageHeader title={t('admin.invite_title')} subtitle={t('admin.invite_subtitle')} />
      {props.errors.length > 0 && (
        <Alert kind="danger" title={t('admin.form_has_errors')}>
          {props.problem}
        </Alert>
      )}
      <Form ctx={ctx} action="/admin/staff/new">
        <StaffFields
          ctx={ctx}
          values={props.values}
          errors={props.errors}
          departments={props.departments}
          specialties={props.specialties}
          withEmail
        />
        <div class="form-actions">
          <Button>{t('admin.invite_submit')}</Button>
          <LinkButton href="/admin/staff">{t('admin.cancel')}</LinkButton>
        </div>
      </Form>
    </Layout>
  );
}
