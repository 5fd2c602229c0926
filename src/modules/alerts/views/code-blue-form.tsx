import type { UserActor } from '../../../platform/auth/actor.js';
import { roleHasPermission } from '../../../platform/authz/permissions.js';
import type { FieldError } from '../../../platform/errors.js';
import { Alert, Button, Card, Field, Form, LinkButton, SelectField, TextArea } from '../../../platform/views/components.js';
import { Layout, PageHeader } from '../../../platform/views/layout.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import type { Department } from '../../staff/index.js';

export interface CodeBlueFormValues {
  departmentId?: string;
  location?: string;
  message?: string;
}

export function codeBlueFormValues(raw: Record<string, unknown>): CodeBlueFormValues {
  const str = (key: string) => (typeof raw[key] === 'string' ? raw[key] : undefined);
  return { departmentId: str('departmentId'), location: str('location'), message: str('message') };
}

export const canCallCodeBlue = (actor: UserActor | null): boolean => !!actor && roleHasPermission(actor.role, 'alerts.code-blue');

/** The header button on every staff page of a clinician (added through the layout's header items). */
export function CodeBlueHeaderButton(props: { ctx: PageContext }) {
  if (!canCallCodeBlue(props.ctx.actor)) return null;
  return (
    <a href="/alerts/code-blue" class="btn btn--danger code-blue-button" id="code-blue-button">
      {props.ctx.t('alerts.code_blue_button')}
    </a>
  );
}

/** A short form: where (required, filled with the caller's department), and optionally what. */
export function CodeBluePage(props: {
  ctx: PageContext;
  values: CodeBlueFormValues;
  errors: FieldError[];
  departments: Department[];
  problem?: string;
}) {
  const { ctx, values, errors } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('alerts.code_blue_title')}>
      <PageHeader
        title={t('alerts.code_blue_title')}
        subtitle={t('alerts.code_blue_subtitle')}
        actions={<LinkButton href="/alerts">{t('alerts.back_to_list')}</LinkButton>}
      />
      {errors.length > 0 && <Alert kind="danger" title={t('alerts.form_has_errors')} />}
      {props.problem && <Alert kind="danger">{props.problem}</Alert>}
      <Card>
        <Form ctx={ctx} action="/alerts/code-blue" id="code-blue-form">
          <p class="hint">{t('alerts.code_blue_department_hint')}</p>
          <SelectField
            name="departmentId"
            label={t('alerts.field_department')}
            includeBlank={t('alerts.choose')}
            value={values.departmentId}
            errors={errors}
            required
            options={props.departments.map((d) => ({ value: d.id, label: d.name }))}
          />
          <Field
            name="location"
            label={t('alerts.field_location')}
            hint={t('alerts.code_blue_location_hint')}
            value={values.location}
            errors={errors}
            required
            maxLength={200}
          />
          <TextArea name="message" label={t('alerts.code_blue_message')} value={values.message} errors={errors} rows={2} />
          <div class="form-actions">
            <Button variant="danger">{t('alerts.code_blue_send')}</Button>
          </div>
        </Form>
      </Card>
    </Layout>
  );
}
