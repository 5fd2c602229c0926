import { Button, Field, Form, PasswordField } from '../../../platform/views/components.js';
import type { FieldError } from '../../../platform/errors.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import { AuthPage, PasskeyError, PasskeyScripts, type PageMessage } from './auth-page.js';

export function LoginView(props: {
  ctx: PageContext;
  email?: string;
  next?: string | null;
  message?: PageMessage | null;
  errors?: FieldError[];
}) {
  const { t } = props.ctx;
  const action = props.next ? `/login?next=${encodeURIComponent(props.next)}` : '/login';
  return (
    <AuthPage ctx={props.ctx} title={t('identity.login_title')} intro={t('identity.login_intro')} message={props.message ?? null}>
      <Form ctx={props.ctx} action={action}>
        <Field
          name="email"
          type="email"
          label={t('identity.email')}
          autocomplete="username webauthn"
          required
          value={props.email ?? ''}
          errors={props.errors}
          autofocus
        />
        <PasswordField kind="current" name="password" label={t('identity.password')} required errors={props.errors} />
        <div class="form-actions">
          <Button>{t('identity.sign_in')}</Button>
          <a href="/password-reset">{t('identity.forgot_password')}</a>
        </div>
      </Form>
      <div class="form">
        <p class="hint">{t('identity.passkey_login_hint')}</p>
        <button
          type="button"
          class="btn btn--secondary"
          data-passkey="login"
          data-next={props.next ?? ''}
          data-error-message={t('identity.passkey_failed')}
          data-unsupported-message={t('identity.passkey_unsupported')}
          hidden
        >
          {t('identity.sign_in_with_passkey')}
        </button>
        <PasskeyError />
      </div>
      <p>
        {t('identity.no_account')} <a href="/register">{t('identity.register_link')}</a>
      </p>
      <PasskeyScripts />
    </AuthPage>
  );
}

export function OtpView(props: { ctx: PageContext; next?: string | null; message?: PageMessage | null; errors?: FieldError[] }) {
  const { t } = props.ctx;
  const action = props.next ? `/login/otp?next=${encodeURIComponent(props.next)}` : '/login/otp';
  return (
    <AuthPage ctx={props.ctx} title={t('identity.otp_title')} intro={t('identity.otp_intro')} message={props.message ?? null}>
      <Form ctx={props.ctx} action={action}>
        <Field
          name="otp"
          label={t('identity.otp_code')}
          hint={t('identity.otp_hint')}
          autocomplete="one-time-code"
          inputMode="text"
          required
          errors={props.errors}
          autofocus
          maxLength={20}
        />
        <div class="form-actions">
          <Button>{t('identity.verify')}</Button>
        </div>
      </Form>
      <div class="form">
        <button
          type="button"
          class="btn btn--secondary"
          data-passkey="login"
          data-next={props.next ?? ''}
          data-error-message={t('identity.passkey_failed')}
          data-unsupported-message={t('identity.passkey_unsupported')}
          hidden
        >
          {t('identity.sign_in_with_passkey')}
        </button>
        <PasskeyError />
      </div>
      <form method="post" action="/logout">
        <input type="hidden" name="_csrf" value={props.ctx.csrfToken} />
        <button type="submit" class="btn btn--link">
          {t('identity.start_over')}
        </button>
      </form>
      <PasskeyScripts />
    </AuthPage>
  );
}
