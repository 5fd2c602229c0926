import {
  Alert,
  Badge,
  Button,
  Card,
  DescriptionList,
  Field,
  Form,
  LinkButton,
  Table,
  PasswordField,
  SelectField,
} from '../../../platform/views/components.js';
import type { AccountOverview } from '../services/account-overview.service.js';
import { choosableTimeZones, type TimeZoneSetting } from '../services/time-zone.service.js';
import type { FieldError } from '../../../platform/errors.js';
import { formatDate } from '../../../platform/i18n/i18n.js';
import { Layout, PageHeader } from '../../../platform/views/layout.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import type { SessionView } from '../services/account.service.js';
import { PasskeyError, PasskeyScripts, type PageMessage } from './auth-page.js';

/** What the page shows (one statement: services/account-overview.service.ts). */
export type AccountPageData = AccountOverview;

/** Which form a posted error belongs to, so it shows beside the right fields. */
export type AccountForm = 'password' | 'email' | 'totp_disable' | 'passkey_remove' | 'time_zone';

type AccountViewProps = {
  ctx: PageContext;
  data: AccountPageData;
  message?: PageMessage | null;
  errors?: FieldError[];
  form?: AccountForm;
};

export function AccountView(props: AccountViewProps) {
  const { ctx, data } = props;
  const { t } = ctx;
  const errorsFor = (form: AccountForm) => (props.form === form ? props.errors : undefined);
  return (
    <Layout ctx={ctx} title={t('identity.account_title')}>
      <PageHeader
        title={t('identity.account_title')}
        actions={<LinkButton href="/account/sessions">{t('identity.sessions_title')}</LinkButton>}
      />
      {props.message && <Alert kind={props.message.kind}>{props.message.text}</Alert>}
      <div class="grid">
        <Card title={t('identity.profile')} id="profile">
          <DescriptionList
            items={[
              [t('identity.name'), data.me.name],
              [t('identity.email'), data.me.email],
              [t('identity.role'), t(`identity.role_${data.me.role}`)],
            ]}
          />
        </Card>

        <TimeZoneCard ctx={ctx} setting={data.timeZone} errors={errorsFor('time_zone')} />

        <TwoFactorCard {...props} />

        <Card title={t('identity.change_password')} id="password">
          <Form ctx={ctx} action="/account/password">
            <PasswordField
              kind="current"
              name="currentPassword"
              label={t('identity.current_password')}
              required
              errors={errorsFor('password')}
            />
            <PasswordField
              kind="new"
              name="newPassword"
              label={t('identity.new_password')}
              hint={t('identity.password_hint')}
              errors={errorsFor('password')}
            />
            <Button>{t('identity.change_password')}</Button>
          </Form>
        </Card>

        <Card title={t('identity.change_email')} id="email">
          <p class="hint">{t('identity.change_email_hint')}</p>
          <Form ctx={ctx} action="/account/email">
            <PasswordField
              kind="current"
              name="currentPassword"
              label={t('identity.current_password')}
              required
              errors={errorsFor('email')}
            />
            <Field name="newEmail" type="email" label={t('identity.new_email')} autocomplete="email" required errors={errorsFor('email')} />
            <Button>{t('identity.change_email')}</Button>
          </Form>
        </Card>
      </div>
      <PasskeyScripts />
    </Layout>
  );
}

/** The zone every time is shown in: the account's own, or the hospital's (docs/time.md). */
function TimeZoneCard(props: { ctx: PageContext; setting: TimeZoneSetting; errors?: FieldError[] | undefined }) {
  const { ctx, setting } = props;
  const { t } = ctx;
  return (
    <Card title={t('identity.time_zone')} id="time-zone">
      <p class="hint">{t('identity.time_zone_hint', { zone: ctx.timeZone })}</p>
      <Form ctx={ctx} action="/account/time-zone">
        <SelectField
          name="timeZone"
          label={t('identity.time_zone')}
          includeBlank={t('identity.time_zone_hospital', { zone: setting.hospital })}
          options={choosableTimeZones().map((zone) => ({ value: zone, label: zone }))}
          value={setting.chosen ?? ''}
          errors={props.errors}
        />
        <Button>{t('identity.time_zone_save')}</Button>
      </Form>
    </Card>
  );
}

/** Second factors: the authenticator app, recovery codes and passkeys. */
function TwoFactorCard(props: AccountViewProps) {
  const { ctx, data } = props;
  const { t } = ctx;
  const errorsFor = (form: AccountForm) => (props.form === form ? props.errors : undefined);
  const isPatient = data.me.role === 'patient';
  return (
    <Card title={t('identity.two_factor')} id="two-factor">
      <p>
        {data.me.mfaEnrolled ? (
          <Badge kind="success">{t('identity.two_factor_on')}</Badge>
        ) : (
          <Badge kind="warning">{t('identity.two_factor_off')}</Badge>
        )}
      </p>
      <h3>{t('identity.authenticator_app')}</h3>
      {data.totp ? (
        <>
          <p>{t('identity.recovery_codes_left', { count: data.recoveryCodesLeft })}</p>
          {isPatient ? (
            <Form ctx={ctx} action="/account/totp/disable" confirm={t('identity.totp_disable_confirm')}>
              <PasswordField
                kind="current"
                name="password"
                label={t('identity.current_password')}
                required
                errors={errorsFor('totp_disable')}
              />
              <Field
                name="otp"
                label={t('identity.otp_code')}
                autocomplete="one-time-code"
                required
                errors={errorsFor('totp_disable')}
                maxLength={20}
              />
              <Button variant="danger">{t('identity.totp_disable')}</Button>
            </Form>
          ) : (
            <p class="hint">{t('identity.staff_keep_factor')}</p>
          )}
          <LinkButton href="/mfa/enroll">{t('identity.totp_replace')}</LinkButton>
        </>
      ) : (
        <LinkButton href="/mfa/enroll" variant="primary">
          {t('identity.totp_enable')}
        </LinkButton>
      )}

      <h3>{t('identity.passkeys')}</h3>
      <PasskeyTable {...props} />
      <div class="form">
        <Field name="passkey-name" label={t('identity.passkey_name')} maxLength={60} />
        {data.me.mfaEnrolled && <PasswordField kind="current" name="passkey-password" label={t('identity.current_password')} />}
        <button
          type="button"
          class="btn btn--secondary"
          data-passkey="register"
          data-next="/account?passkey=added"
          data-error-message={t('identity.passkey_failed')}
          data-unsupported-message={t('identity.passkey_unsupported')}
          hidden
        >
          {t('identity.add_passkey')}
        </button>
        <PasskeyError />
      </div>
    </Card>
  );
}

/** The passkeys, each with its remove form. */
function PasskeyTable(props: AccountViewProps) {
  const { ctx, data } = props;
  const { t } = ctx;
  const errorsFor = (form: AccountForm) => (props.form === form ? props.errors : undefined);
  const when = (d: Date | null) => (d ? formatDate(ctx.locale, d, ctx.timeZone, true) : t('identity.never'));
  return (
    <Table
      caption={t('identity.passkeys')}
      rows={data.passkeys}
      empty={t('identity.no_passkeys')}
      columns={[
        { header: t('identity.passkey_name'), cell: (p) => p.name },
        { header: t('identity.added'), cell: (p) => when(p.createdAt) },
        { header: t('identity.last_used'), cell: (p) => when(p.lastUsedAt) },
        {
          header: t('identity.actions'),
          cell: (p) => (
            <Form
              ctx={ctx}
              action={`/account/passkeys/${p.id}/remove`}
              class="form form--inline"
              confirm={t('identity.passkey_remove_confirm')}
            >
              <PasswordField
                kind="current"
                name="password"
                label={t('identity.current_password')}
                required
                errors={errorsFor('passkey_remove')}
              />
              <Button variant="danger">{t('identity.remove')}</Button>
            </Form>
          ),
        },
      ]}
    />
  );
}

export function SessionsView(props: { ctx: PageContext; sessions: SessionView[]; message?: PageMessage | null }) {
  const { ctx } = props;
  const { t } = ctx;
  const when = (d: Date) => formatDate(ctx.locale, d, ctx.timeZone, true);
  return (
    <Layout ctx={ctx} title={t('identity.sessions_title')}>
      <PageHeader
        title={t('identity.sessions_title')}
        subtitle={t('identity.sessions_intro')}
        actions={<LinkButton href="/account">{t('identity.account_title')}</LinkButton>}
      />
      {props.message && <Alert kind={props.message.kind}>{props.message.text}</Alert>}
      <Table
        caption={t('identity.sessions_title')}
        rows={props.sessions}
        empty={t('identity.no_sessions')}
        columns={[
          { header: t('identity.device'), cell: (s) => s.device ?? t('identity.unknown_device') },
          { header: t('identity.kind'), cell: (s) => t(`identity.session_kind_${s.kind}`) },
          { header: t('identity.ip'), cell: (s) => s.ip ?? '—' },
          { header: t('identity.last_used'), cell: (s) => when(s.lastSeenAt) },
          { header: t('identity.expires'), cell: (s) => when(s.expiresAt) },
          {
            header: t('identity.actions'),
            cell: (s) =>
              s.current ? (
                <Badge kind="info">{t('identity.this_session')}</Badge>
              ) : (
                <Form ctx={ctx} action={`/account/sessions/${s.id}/revoke`} class="form form--inline">
                  <Button variant="danger">{t('identity.revoke')}</Button>
                </Form>
              ),
          },
        ]}
      />
    </Layout>
  );
}
