import { ISSUABLE_API_KEY_SCOPES } from '../../../platform/authz/permissions.js';
import type { FieldError } from '../../../platform/errors.js';
import { formatDate } from '../../../platform/i18n/i18n.js';
import { Alert, Badge, Button, Card, Field, Form, Pagination, Table } from '../../../platform/views/components.js';
import { Layout, PageHeader } from '../../../platform/views/layout.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import type { ApiKeyDto } from '../admin.schemas.js';
import type { DoneMessage } from './status-badges.js';

const STATUS_KIND = { active: 'success', expired: 'warning', revoked: 'danger' } as const;

/** `patients:read` → `admin.scope_patients_read`: what the scope allows, in words. */
export const scopeKey = (scope: string) => `admin.scope_${scope.replace(/[^a-z]/g, '_')}`;
/** "Read patient details (patients:read)": the words, and the code integrators configure. */
const scopeLabel = (ctx: PageContext, scope: string) => `${ctx.t(scopeKey(scope))} (${scope})`;

export function ApiKeysPage(props: {
  ctx: PageContext;
  items: ApiKeyDto[];
  nextHref: string | null;
  errors: FieldError[];
  values: { name?: string; scopes?: string[]; expiresOn?: string };
  created?: { name: string; key: string };
  done?: DoneMessage;
}) {
  const { ctx } = props;
  const { t } = ctx;
  const scopeError = props.errors.find((e) => e.path.startsWith('scopes'))?.message;
  return (
    <Layout ctx={ctx} title={t('admin.api_keys_title')} wide>
      <PageHeader title={t('admin.api_keys_title')} subtitle={t('admin.api_keys_subtitle')} />
      {props.done && <Alert kind="success">{t(`admin.done_${props.done}`)}</Alert>}
      {props.created && (
        <Alert kind="warning" title={t('admin.key_created_title', { name: props.created.name })}>
          <p>{t('admin.key_created_once')}</p>
          <p>
            <code class="secret" id="new-api-key">
              {props.created.key}
            </code>
          </p>
        </Alert>
      )}
      <Table
        caption={t('admin.api_keys_title')}
        rows={props.items}
        empty={t('admin.api_keys_empty')}
        columns={[
          { header: t('admin.col_name'), cell: (k) => k.name },
          { header: t('admin.col_prefix'), cell: (k) => <code>{`${k.prefix}…`}</code> },
          { header: t('admin.col_scopes'), cell: (k) => k.scopes.map((scope) => scopeLabel(ctx, scope)).join(', ') },
          { header: t('admin.col_status'), cell: (k) => <Badge kind={STATUS_KIND[k.status]}>{t(`admin.key_status_${k.status}`)}</Badge> },
          { header: t('admin.col_created'), cell: (k) => formatDate(ctx.locale, k.createdAt, ctx.timeZone) },
          {
            header: t('admin.col_expires'),
            cell: (k) => (k.expiresAt ? formatDate(ctx.locale, k.expiresAt, ctx.timeZone) : t('admin.never')),
          },
          {
            header: t('admin.col_actions'),
            cell: (k) =>
              k.status === 'revoked' ? (
                '—'
              ) : (
                <Form ctx={ctx} action={`/admin/api-keys/${k.id}/revoke`} confirm={t('admin.confirm_revoke', { name: k.name })}>
                  <Button variant="danger">{t('admin.revoke_action')}</Button>
                </Form>
              ),
          },
        ]}
      />
      <Pagination ctx={ctx} nextHref={props.nextHref} />
      <Card title={t('admin.create_key_card')} id="create-key">
        <Form ctx={ctx} action="/admin/api-keys">
          <Field
            name="name"
            label={t('admin.field_key_name')}
            hint={t('admin.field_key_name_hint')}
            value={props.values.name}
            errors={props.errors}
            required
            maxLength={100}
          />
          <fieldset class={`field${scopeError ? ' field--invalid' : ''}`}>
            <legend>{t('admin.field_scopes')}</legend>
            {ISSUABLE_API_KEY_SCOPES.map((scope) => (
              <div class="field field--checkbox">
                <input type="checkbox" id={`f-scope-${scope}`} name="scopes" value={scope} checked={props.values.scopes?.includes(scope)} />
                <label for={`f-scope-${scope}`}>
                  {t(scopeKey(scope))} <code>{scope}</code>
                </label>
              </div>
            ))}
            {scopeError && <p class="field-error">{scopeError}</p>}
          </fieldset>
          <Field
            name="expiresOn"
            type="date"
            label={t('admin.field_expires_on')}
            hint={t('admin.field_expires_on_hint')}
            value={props.values.expiresOn}
            errors={props.errors}
          />
          <Button>{t('admin.create_key_action')}</Button>
        </Form>
      </Card>
    </Layout>
  );
}
