import type { FieldError } from '../../../platform/errors.js';
import { Alert, Button, Card, Form, StatusChip, Table } from '../../../platform/views/components.js';
import { formatZonedDateTime } from '../../../platform/views/format.js';
import { Layout, PageHeader } from '../../../platform/views/layout.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import type { DeviceDto } from '../devices.schemas.js';
import { CredentialOnce, DeviceFields } from './device-parts.js';

/**
 * "My devices" in the portal: the patient's home devices, adding one (its credential shown on this
 * page once, to type or paste into the device's app) and revoking one. Calm, one task per card.
 */
export function PortalDevicesPage(props: {
  ctx: PageContext;
  devices: DeviceDto[];
  created?: { label: string; credential: string };
  revoked?: boolean;
  errors?: FieldError[];
  values?: Record<string, string | undefined>;
}) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('devices.portal_title')}>
      <PageHeader title={t('devices.portal_title')} subtitle={t('devices.portal_subtitle')} />
      {props.revoked && <Alert kind="success">{t('devices.portal_revoked')}</Alert>}
      {props.created && (
        <CredentialOnce
          title={t('devices.portal_created', { label: props.created.label })}
          explanation={t('devices.portal_credential_once')}
          credential={props.created.credential}
        />
      )}
      <Card title={t('devices.portal_add')}>
        <Form ctx={ctx} action="/portal/devices">
          <DeviceFields ctx={ctx} labelHint={t('devices.field_label_hint')} errors={props.errors} values={props.values} />
          <Button>{t('devices.portal_add_action')}</Button>
        </Form>
      </Card>
      <Table
        caption={t('devices.portal_list')}
        rows={props.devices}
        empty={t('devices.portal_empty')}
        columns={[
          { header: t('devices.field_label'), cell: (d) => d.label },
          { header: t('devices.field_kind'), cell: (d) => t(`devices.kind_${d.kind}`) },
          {
            header: t('devices.col_last_reading'),
            cell: (d) =>
              d.lastReadingAt
                ? formatZonedDateTime(ctx.locale, new Date(d.lastReadingAt), ctx.timeZone)
                : t('devices.board_no_readings_yet'),
          },
          {
            header: t('devices.col_status'),
            cell: (d) =>
              d.status === 'active' ? (
                <Form ctx={ctx} action={`/portal/devices/${d.id}/revoke`} class="form form--inline">
                  <StatusChip tone="ok">{t('devices.status_active')}</StatusChip>{' '}
                  <Button variant="secondary">{t('devices.revoke_action')}</Button>
                </Form>
              ) : (
                <StatusChip tone="neutral">{t('devices.status_revoked')}</StatusChip>
              ),
          },
        ]}
      />
    </Layout>
  );
}
