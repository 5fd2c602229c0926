import { Button, Checkbox, Field, Form, SelectField, PasswordField } from '../../../platform/views/components.js';
import type { FieldError } from '../../../platform/errors.js';
import { LOCALE_NAMES, SUPPORTED_LOCALES } from '../../../platform/i18n/i18n.js';
import { Layout } from '../../../platform/views/layout.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import { AuthPage, type PageMessage } from './auth-page.js';
import { Icon } from '../../../platform/views/icons.js';

export function RegisterView(props: {
  ctx: PageContext;
  values?: Record<string, unknown>;
  errors?: FieldError[];
  message?: PageMessage | null;
}) {
  const { t } = props.ctx;
  const v = (name: string) => (typeof props.values?.[name] === 'string' ? props.values[name] : '');
  const privacyError = props.errors?.find((e) => e.path === 'acceptedPrivacyNotice');
  return (
    <AuthPage ctx={props.ctx} title={t('identity.register_title')} intro={t('identity.register_intro')} message={props.message ?? null}>
      <Form ctx={props.ctx} action="/register">
        <Field
          name="givenName"
          label={t('identity.given_name')}
          autocomplete="given-name"
          required
          value={v('givenName')}
          errors={props.errors}
          maxLength={100}
        />
        <Field
          name="familyName"
          label={t('identity.family_name')}
          autocomplete="family-name"
          required
          value={v('familyName')}
          errors={props.errors}
          maxLength={100}
        />
        <Field
          name="birthDate"
          type="date"
          label={t('identity.birth_date')}
          autocomplete="bday"
          required
          value={v('birthDate')}
          errors={props.errors}
        />
        <Field
          name="email"
          type="email"
          label={t('identity.email')}
          autocomplete="email"
          required
          value={v('email')}
          errors={props.errors}
        />
        <Field name="phone" type="tel" label={t('identity.phone_optional')} autocomplete="tel" value={v('phone')} errors={props.errors} />
        <PasswordField kind="new" name="password" label={t('identity.password')} hint={t('identity.password_hint')} errors={props.errors} />
        <SelectField
          name="preferredLanguage"
          label={t('identity.preferred_language')}
          value={v('preferredLanguage') || props.ctx.locale}
          options={SUPPORTED_LOCALES.map((l) => ({ value: l, label: LOCALE_NAMES[l] }))}
          errors={props.errors}
        />
        <Field
          name="linkCode"
          label={t('identity.link_code_optional')}
          hint={t('identity.link_code_hint')}
          value={v('linkCode')}
          errors={props.errors}
          maxLength={40}
        />
        <Checkbox
          name="acceptedPrivacyNotice"
          required
          checked={v('acceptedPrivacyNotice') === 'true'}
          label={
            <>
              {t('identity.accept_privacy_before')} <a href="/privacy">{t('identity.privacy_notice')}</a>
            </>
          }
        />
        {privacyError && (
          <p class="field-error" id="f-acceptedPrivacyNotice-error">
            <Icon name="circle-alert" />
            {privacyError.message}
          </p>
        )}
        <div class="form-actions">
          <Button>{t('identity.create_account')}</Button>
        </div>
      </Form>
      <p>
        {t('identity.have_account')} <a href="/login">{t('identity.sign_in')}</a>
      </p>
    </AuthPage>
  );
}

export function CheckEmailView(props: { ctx: PageContext }) {
  const { t } = props.ctx;
  return (
    <AuthPage ctx={props.ctx} title={t('identity.check_email_title')} message={{ kind: 'success', text: t('identity.check_email_text') }}>
      <p>{t('identity.check_email_hint')}</p>
      <a class="btn btn--secondary" href="/login">
        {t('identity.go_to_sign_in')}
      </a>
    </AuthPage>
  );
}

export function PrivacyView(props: { ctx: PageContext; version: string }) {
  const { t } = props.ctx;
  const sections = ['collect', 'use', 'share', 'rights', 'security', 'contact'];
  return (
    <Layout ctx={props.ctx} title={t('identity.privacy_title')}>
      <article class="card">
        <h1>{t('identity.privacy_title')}</h1>
        <p class="page-subtitle">{t('identity.privacy_version', { version: props.version })}</p>
        <p>{t('identity.privacy_intro')}</p>
        {sections.map((s) => (
          <section>
            <h2>{t(`identity.privacy_${s}_title`)}</h2>
            <p>{t(`identity.privacy_${s}_text`)}</p>
          </section>
        ))}
        <a class="btn btn--secondary" href="/register">
          {t('identity.back_to_register')}
        </a>
      </article>
    </Layout>
  );
}
