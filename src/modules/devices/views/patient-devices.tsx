import type { FieldError } from '../../../platform/errors.js';
import { Alert, Button, Card, Field, Form, LinkButton, SelectField, StatusChip, Table } from '../../../platform/views/components.js';
import { formatZonedDateTime, fullName } from '../../../platform/views/format.js';
import { Layout, PageHeader } from '../../../platform/views/layout.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import type { PatientMonitoring, StaffDeviceView, StaffEnrolmentView } from '../services/patient-monitoring.service.js';
import { MONITORING_PROGRAMMES } from '../devices.vocabulary.js';
import { CredentialOnce, DeviceFields } from './device-parts.js';

/** What a form sent back to this page carries: its field errors, what was typed, and a refusal's message. */
export interface PageFormState {
  errors: FieldError[];
  values: Record<string, unknown>;
  message?: string;
}

export type DevicesNotice = 'revoked' | 'enrolled' | 'ended';

export interface PatientDevicesPageProps {
  ctx: PageContext;
  data: PatientMonitoring;
  /** The device just registered and its credential: on this answer only. */
  created?: { label: string; credential: string };
  notice?: DevicesNotice;
  register?: PageFormState;
  enrol?: PageFormState;
  /** Whether the viewer may enrol (remote-monitoring.manage); registering needs devices.manage, which the route checked. */
  mayEnrol: boolean;
}

/**
 * "Devices and monitoring" of one patient, from the chart (the care team): the patient's home
 * devices with registering and revoking, and their remote-monitoring programmes with enrolling and
 * ending. Times in the viewer's zone, named.
 */
export function PatientDevicesPage(props: PatientDevicesPageProps) {
  const { ctx, data } = props;
  const { t } = ctx;
  const p = data.patient;
  const base = `/staff/patients/${p.id}`;
  const title = t('devices.staff_title', { name: fullName(p) });
  return (
    <Layout ctx={ctx} title={title}>
      <PageHeader
        title={title}
        subtitle={t('devices.staff_subtitle')}
        actions={<LinkButton href={`${base}/chart`}>{t('devices.staff_back_to_chart')}</LinkButton>}
      />
      {props.notice && <Alert kind="success">{t(`devices.staff_done_${props.notice}`)}</Alert>}
      {props.created && (
        <CredentialOnce
          title={t('devices.staff_created', { label: props.created.label })}
          explanation={t('devices.staff_credential_once')}
          credential={props.created.credential}
        />
      )}
      <DevicesTable ctx={ctx} base={base} devices={data.devices} />
      <Card title={t('devices.staff_register')}>
        {props.register?.message && <Alert kind="danger">{props.register.message}</Alert>}
        <Form ctx={ctx} action={`${base}/devices`}>
          <DeviceFields
            ctx={ctx}
            labelHint={t('devices.staff_label_hint')}
            errors={props.register?.errors}
            values={props.register?.values}
          />
          <Button>{t('devices.staff_register_action')}</Button>
        </Form>
      </Card>
      <EnrolmentsTable ctx={ctx} base={base} enrolments={data.enrolments} mayEnd={props.mayEnrol} />
      {props.mayEnrol && <EnrolForm ctx={ctx} base={base} state={props.enrol} />}
    </Layout>
  );
}

function DevicesTable(props: { ctx: PageContext; base: string; devices: StaffDeviceView[] }) {
  const { ctx } = props;
  const { t } = ctx;
  const when = (iso: string) => formatZonedDateTime(ctx.locale, new Date(iso), ctx.timeZone);
  return (
    <Table
      caption={t('devices.staff_devices')}
      rows={props.devices}
      empty={t('devices.staff_devices_empty')}
      columns={[
        { header: t('devices.field_label'), cell: (d) => d.label },
        { header: t('devices.field_kind'), cell: (d) => t(`devices.kind_${d.kind}`) },
        {
          header: t('devices.col_registered'),
          cell: (d) =>
            t('devices.registered_at_by', { when: when(d.createdAt), who: d.registeredByName ?? t('devices.registered_by_patient') }),
        },
        {
          header: t('devices.col_last_reading'),
          cell: (d) => (d.lastReadingAt ? when(d.lastReadingAt) : t('devices.board_no_readings_yet')),
        },
        {
          header: t('devices.col_status'),
          cell: (d) =>
            d.status === 'active' ? (
              <Form
                ctx={ctx}
                action={`${props.base}/devices/${d.id}/revoke`}
                class="form form--inline"
                confirm={t('devices.staff_revoke_confirm')}
              >
                <StatusChip tone="ok">{t('devices.status_active')}</StatusChip>{' '}
                <Button variant="secondary">{t('devices.staff_revoke_action')}</Button>
              </Form>
            ) : (
              <StatusChip tone="neutral">{t('devices.staff_revoked_at', { when: when(d.revokedAt ?? d.createdAt) })}</StatusChip>
            ),
        },
      ]}
    />
  );
}

function EnrolmentsTable(props: { ctx: PageContext; base: string; enrolments: StaffEnrolmentView[]; mayEnd: boolean }) {
  const { ctx } = props;
  const { t } = ctx;
  const when = (iso: string) => formatZonedDateTime(ctx.locale, new Date(iso), ctx.timeZone);
  return (
    <Table
      caption={t('devices.staff_enrolments')}
      rows={props.enrolments}
      empty={t('devices.staff_enrolments_empty')}
      columns={[
        { header: t('devices.col_programme'), cell: (e) => t(`devices.programme_${e.programme}`) },
        { header: t('devices.col_enrolled'), cell: (e) => when(e.enrolledAt) },
        { header: t('devices.col_responsible'), cell: (e) => e.responsibleName ?? '—' },
        {
          header: t('devices.col_rules'),
          cell: (e) => t('devices.staff_rules', { count: e.alertAfterReadings, days: e.silentAfterDays }),
        },
        {
          header: t('devices.col_status'),
          cell: (e) =>
            e.endedAt ? (
              <StatusChip tone="neutral">{t('devices.staff_ended_at', { when: when(e.endedAt) })}</StatusChip>
            ) : props.mayEnd ? (
              <Form
                ctx={ctx}
                action={`${props.base}/monitoring-enrolments/${e.id}/end`}
                class="form form--inline"
                confirm={t('devices.staff_end_confirm')}
              >
                <StatusChip tone="ok">{t('devices.status_active')}</StatusChip>{' '}
                <Button variant="secondary">{t('devices.staff_end_action')}</Button>
              </Form>
            ) : (
              <StatusChip tone="ok">{t('devices.status_active')}</StatusChip>
            ),
        },
      ]}
    />
  );
}

function EnrolForm(props: { ctx: PageContext; base: string; state?: PageFormState }) {
  const { ctx, state } = props;
  const { t } = ctx;
  const text = (name: string) => (typeof state?.values[name] === 'string' ? state.values[name] : undefined);
  return (
    <Card title={t('devices.staff_enrol')}>
      <p>{t('devices.staff_enrol_intro')}</p>
      {state?.message && <Alert kind="danger">{state.message}</Alert>}
      <Form ctx={ctx} action={`${props.base}/monitoring-enrolments`}>
        <SelectField
          name="programme"
          label={t('devices.col_programme')}
          options={MONITORING_PROGRAMMES.map((p) => ({ value: p, label: t(`devices.programme_${p}`) }))}
          value={text('programme') ?? null}
          errors={state?.errors}
          required
        />
        <Field
          name="alertAfterReadings"
          type="number"
          inputMode="numeric"
          label={t('devices.field_alert_after')}
          hint={t('devices.field_alert_after_hint')}
          value={text('alertAfterReadings')}
          errors={state?.errors}
        />
        <Field
          name="silentAfterDays"
          type="number"
          inputMode="numeric"
          label={t('devices.field_silent_after')}
          hint={t('devices.field_silent_after_hint')}
          value={text('silentAfterDays')}
          errors={state?.errors}
        />
        <Button>{t('devices.staff_enrol_action')}</Button>
      </Form>
    </Card>
  );
}
