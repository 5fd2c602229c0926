import { Alert, Button, Field, Form, PasswordField } from '../../../platform/views/components.js';
import type { FieldError } from '../../../platform/errors.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import { AuthPage, PasskeyError, PasskeyScripts, type PageMessage } from './auth-page.js';

export interface PendingTotp {
  secret: string;
  otpauthUri: string;
  qrDataUrl: string;
}

/** Step 1: choose (start) an app or a passkey; step 2: scan and confirm a code. */
export function MfaEnrollView(props: {
  ctx: PageContext;
  pending: PendingTotp | null;
  needsPassword: boolean;
  enrollmentOnly: boolean;
  message?: PageMessage | null;
  errors?: FieldError[];
}) {
  const { ctx, pending } = props;
  const { t } = ctx;
  return (
    <AuthPage
      ctx={ctx}
      title={t('identity.enroll_title')}
      intro={props.enrollmentOnly ? t('identity.enroll_required_intro') : t('identity.enroll_intro')}
      message={props.message ?? null}
    >
      {pending ? (
        <>
          <ol>
            <li>{t('identity.enroll_step_scan')}</li>
            <li>{t('identity.enroll_step_code')}</li>
          </ol>
          <p>
            <img src={pending.qrDataUrl} alt={t('identity.qr_alt')} width={220} height={220} />
          </p>
          <p class="hint">{t('identity.enroll_manual')}</p>
          <p>
            <code class="secret">{pending.secret}</code>
          </p>
          <Form ctx={ctx} action="/mfa/enroll/confirm">
            <Field
              name="code"
              label={t('identity.otp_code')}
              autocomplete="one-time-code"
              inputMode="numeric"
              pattern="[0-9]{6}"
              maxLength={6}
              required
              errors={props.errors}
              autofocus
            />
            <div class="form-actions">
              <Button>{t('identity.enroll_confirm')}</Button>
            </div>
          </Form>
        </>
      ) : (
        <Form ctx={ctx} action="/mfa/enroll/start">
          {props.needsPassword && (
            <PasswordField kind="current" name="password" label={t('identity.current_password')} required errors={props.errors} />
          )}
          <div class="form-actions">
            <Button>{t('identity.enroll_start_app')}</Button>
          </div>
        </Form>
      )}
      <div class="form">
        <h2>{t('identity.passkeys')}</h2>
        <p class="hint">{t('identity.enroll_passkey_hint')}</p>
        {props.needsPassword && <PasswordField kind="current" name="passkey-password" label={t('identity.current_password')} />}
        <button
          type="button"
          class="btn btn--secondary"
          data-passkey="register"
          data-next={props.enrollmentOnly ? '/login?enrolled=passkey' : '/account?passkey=added'}
          data-error-message={t('identity.passkey_failed')}
          data-unsupported-message={t('identity.passkey_unsupported')}
          hidden
        >
          {t('identity.add_passkey')}
        </button>
        <PasskeyError />
      </div>
      <PasskeyScripts />
    </AuthPage>
  );
}

export function RecoveryCodesView(props: { ctx: PageContext; codes: string[]; next: string }) {
  const { t } = props.ctx;
  return (
    <AuthPage ctx={props.ctx} title={t('identity.recovery_title')} message={{ kind: 'success', text: t('identity.enroll_done') }}>
      <Alert kind="warning">{t('identity.recovery_once')}</Alert>
      <ul class="code-list" aria-label={t('identity.recovery_title')}>
        {props.codes.map((c) => (
          <li>{c}</li>
        ))}
      </ul>
      <p class="hint">{t('identity.recovery_hint')}</p>
      <a class="btn btn--primary" href={props.next}>
        {t('identity.continue')}
      </a>
    </AuthPage>
  );
}
