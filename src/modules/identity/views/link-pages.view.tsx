import { Button, Field, Form, PasswordField } from '../../../platform/views/components.js';
import type { FieldError } from '../../../platform/errors.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import { AuthPage, type PageMessage } from './auth-page.js';

/**
 * Pages opened from e-mailed links: they show a button that POSTs the token (nothing changes on
 * GET, so a mail scanner that follows links spends nothing).
 */
export function ConfirmTokenView(props: {
  ctx: PageContext;
  title: string;
  intro: string;
  action: string;
  button: string;
  token: string;
  message?: PageMessage | null;
}) {
  return (
    <AuthPage ctx={props.ctx} title={props.title} intro={props.intro} message={props.message ?? null}>
      {props.token ? (
        <Form ctx={props.ctx} action={props.action}>
          <input type="hidden" name="token" value={props.token} />
          <div class="form-actions">
            <Button>{props.button}</Button>
          </div>
        </Form>
      ) : null}
    </AuthPage>
  );
}

/** A link page with a new-password form (reset and invitation). */
export function SetPasswordView(props: {
  ctx: PageContext;
  title: string;
  intro: string;
  action: string;
  token: string;
  message?: PageMessage | null;
  errors?: FieldError[];
}) {
  const { t } = props.ctx;
  return (
    <AuthPage ctx={props.ctx} title={props.title} intro={props.intro} message={props.message ?? null}>
      {props.token ? (
        <Form ctx={props.ctx} action={props.action}>
          <input type="hidden" name="token" value={props.token} />
          <PasswordField
            kind="new"
            name="password"
            label={t('identity.new_password')}
            hint={t('identity.password_hint')}
            errors={props.errors}
          />
          <div class="form-actions">
            <Button>{t('identity.save_password')}</Button>
          </div>
        </Form>
      ) : null}
    </AuthPage>
  );
}

export function ResultView(props: { ctx: PageContext; title: string; message: PageMessage; linkHref: string; linkLabel: string }) {
  return (
    <AuthPage ctx={props.ctx} title={props.title} message={props.message}>
      <a class="btn btn--primary" href={props.linkHref}>
        {props.linkLabel}
      </a>
    </AuthPage>
  );
}

export function PasswordResetRequestView(props: {
  ctx: PageContext;
  email?: string;
  errors?: FieldError[];
  message?: PageMessage | null;
  sent?: boolean;
}) {
  const { t } = props.ctx;
  return (
    <AuthPage
      ctx={props.ctx}
      title={t('identity.reset_title')}
      intro={props.sent ? undefined : t('identity.reset_intro')}
      message={props.message ?? null}
    >
      {!props.sent && (
        <Form ctx={props.ctx} action="/password-reset">
          <Field
            name="email"
            type="email"
            label={t('identity.email')}
            autocomplete="email"
            required
            value={props.email ?? ''}
            errors={props.errors}
            autofocus
          />
          <div class="form-actions">
            <Button>{t('identity.send_reset_link')}</Button>
          </div>
        </Form>
      )}
      <p>
        <a href="/login">{t('identity.go_to_sign_in')}</a>
      </p>
    </AuthPage>
  );
}
