import { STAFF_ROLES } from '../../../platform/auth/auth.tables.js';
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
  TextArea,
} from '../../../platform/views/components.js';
import { Layout, PageHeader } from '../../../platform/views/layout.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import type { Department } from '../../staff/index.js';
import type { AlertFormValues } from '../alerts.forms.js';
import { ALERT_AUDIENCES, ALERT_CHANNELS, ALERT_SEVERITIES, ALERT_TYPES } from '../alerts.tables.js';

/** The broadcast form. A critical alert goes through a confirmation step before it is sent. */
export function AlertFormPage(props: {
  ctx: PageContext;
  values: AlertFormValues;
  errors: FieldError[];
  departments: Department[];
  problem?: string;
}) {
  const { ctx, values, errors } = props;
  const { t } = ctx;
  const channelError = errors.find((e) => e.path.startsWith('channels'))?.message;
  return (
    <Layout ctx={ctx} title={t('alerts.new_title')}>
      <PageHeader
        title={t('alerts.new_title')}
        subtitle={t('alerts.new_subtitle')}
        actions={<LinkButton href="/alerts">{t('alerts.back_to_list')}</LinkButton>}
      />
      {errors.length > 0 && <Alert kind="danger" title={t('alerts.form_has_errors')} />}
      {props.problem && <Alert kind="danger">{props.problem}</Alert>}
      <Card>
        <Form ctx={ctx} action="/alerts" id="alert-form">
          <SelectField
            name="type"
            label={t('alerts.field_type')}
            value={values.type}
            errors={errors}
            required
            includeBlank={t('alerts.choose')}
            options={ALERT_TYPES.map((v) => ({ value: v, label: t(`alerts.type_${v}`) }))}
          />
          <SelectField
            name="severity"
            label={t('alerts.field_severity')}
            value={values.severity ?? 'warning'}
            errors={errors}
            required
            options={ALERT_SEVERITIES.map((v) => ({ value: v, label: t(`alerts.severity_${v}`) }))}
          />
          <TextArea name="message" label={t('alerts.field_message')} value={values.message} errors={errors} rows={3} />
          <p class="hint">{t('alerts.field_message_hint')}</p>
          <Field
            name="location"
            label={t('alerts.field_location')}
            hint={t('alerts.field_location_hint')}
            value={values.location}
            errors={errors}
            maxLength={200}
          />
          <SelectField
            name="audience"
            label={t('alerts.field_audience')}
            value={values.audience ?? 'everyone'}
            errors={errors}
            required
            options={ALERT_AUDIENCES.map((v) => ({ value: v, label: t(`alerts.audience_${v}`) }))}
          />
          <SelectField
            name="departmentId"
            label={t('alerts.field_department')}
            includeBlank={t('alerts.choose')}
            value={values.departmentId}
            errors={errors}
            options={props.departments.map((d) => ({ value: d.id, label: d.name }))}
          />
          <SelectField
            name="role"
            label={t('alerts.field_role')}
            includeBlank={t('alerts.choose')}
            value={values.role}
            errors={errors}
            options={STAFF_ROLES.map((r) => ({ value: r, label: t(`staff.role_${r}`) }))}
          />
          <fieldset class={`field${channelError ? ' field--invalid' : ''}`}>
            <legend>{t('alerts.field_channels')}</legend>
            <p class="hint">{t('alerts.field_channels_hint')}</p>
            {ALERT_CHANNELS.map((c) => (
              <div class="field field--checkbox">
                <input type="checkbox" id={`f-channel-${c}`} name="channels" value={c} checked={values.channels.includes(c)} />
                <label for={`f-channel-${c}`}>{t(`alerts.channel_${c}`)}</label>
              </div>
            ))}
            {channelError && <p class="field-error">{channelError}</p>}
          </fieldset>
          <div class="form-actions">
            <Button>{t('alerts.send_action')}</Button>
          </div>
        </Form>
      </Card>
    </Layout>
  );
}

/** Before a critical alert goes out: what will be sent, to how many people, and a deliberate second click. */
export function ConfirmCriticalPage(props: {
  ctx: PageContext;
  values: AlertFormValues;
  summary: [string, string][];
  recipientCount: number;
}) {
  const { ctx, values } = props;
  const { t } = ctx;
  const fields = Object.entries(values) as [string, AlertFormValues[keyof AlertFormValues]][];
  const hidden = fields.flatMap(([name, value]) =>
    (Array.isArray(value) ? value : value === undefined ? [] : [value]).map((v) => <input type="hidden" name={name} value={v} />),
  );
  return (
    <Layout ctx={ctx} title={t('alerts.confirm_title')}>
      <PageHeader title={t('alerts.confirm_title')} />
      <Alert kind="danger" title={t('alerts.confirm_warning_title')}>
        {t('alerts.confirm_warning', { count: props.recipientCount })}
      </Alert>
      <Card>
        <DescriptionList items={props.summary} />
        <Form ctx={ctx} action="/alerts" id="confirm-form">
          {hidden}
          <input type="hidden" name="confirmed" value="true" />
          <div class="form-actions">
            <Button variant="danger">{t('alerts.confirm_send_action')}</Button>
          </div>
        </Form>
        <Form ctx={ctx} action="/alerts/new/edit">
          {hidden}
          <Button variant="secondary">{t('alerts.confirm_change_action')}</Button>
        </Form>
      </Card>
    </Layout>
  );
}
