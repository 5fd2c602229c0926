import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { parseForm } from '../../platform/http/forms.js';
import { pageContext, type PageContext } from '../../platform/views/page-context.js';
import { sendPage } from '../../platform/views/render.js';
import { passwordResetBody, registerBody, setPasswordWithTokenBody, tokenBody } from './identity.schemas.js';
import { RATE_LIMITS, publicContext } from './identity-http.js';
import { pageFailure, translateFieldErrors, withRetryAfter } from './identity-page-helpers.js';
import { confirmEmailChange } from './services/account.service.js';
import { acceptInvitation, confirmPasswordReset, requestPasswordReset } from './services/password.service.js';
import { PRIVACY_NOTICE_VERSION, registerPatient, verifyEmail } from './services/register.service.js';
import { CheckEmailView, PrivacyView, RegisterView } from './views/register.view.js';
import { ConfirmTokenView, PasswordResetRequestView, ResultView, SetPasswordView } from './views/link-pages.view.js';

const tokenQuery = z.object({ token: z.string().max(200).optional() });
/** HTML checkboxes send "true"; the API's literal(true) is kept by converting first. */
const registerForm = z.preprocess(
  (v) =>
    v && typeof v === 'object'
      ? { ...v, acceptedPrivacyNotice: (v as Record<string, unknown>).acceptedPrivacyNotice === 'true' ? true : undefined }
      : v,
  registerBody,
);

const tokenOf = (request: FastifyRequest) => (request.query as z.infer<typeof tokenQuery>).token ?? '';

/** One e-mailed-link flow: GET shows a button, POST spends the token. */
function confirmLinkPage(
  app: FastifyInstance,
  path: string,
  keys: { title: string; intro: string; button: string; done: string },
  spend: (request: FastifyRequest, token: string) => Promise<void>,
  done: { href: string; label: string },
) {
  const render = (ctx: PageContext, reply: FastifyReply, token: string, message: { kind: 'danger'; text: string } | null, status = 200) =>
    sendPage(
      reply,
      <ConfirmTokenView
        ctx={ctx}
        title={ctx.t(keys.title)}
        intro={ctx.t(keys.intro)}
        button={ctx.t(keys.button)}
        action={path}
        token={token}
        message={message}
      />,
      status,
    );
  app.get(path, { config: { permission: 'public' }, schema: { hide: true, querystring: tokenQuery } }, async (request, reply) =>
    render(pageContext(request, reply), reply, tokenOf(request), null),
  );
  app.post(path, { config: { permission: 'public', rateLimit: RATE_LIMITS.linkToken }, schema: { hide: true } }, async (request, reply) => {
    const ctx = pageContext(request, reply);
    const form = parseForm(tokenBody, request.body);
    if (!form.ok) return render(ctx, reply, '', { kind: 'danger', text: ctx.t('identity.error_token_expired') }, 400);
    try {
      await spend(request, form.data.token);
    } catch (error) {
      const failure = pageFailure(ctx.t, error);
      return render(ctx, reply, '', { kind: 'danger', text: failure.message.text }, failure.status);
    }
    return sendPage(
      reply,
      <ResultView
        ctx={ctx}
        title={ctx.t(keys.title)}
        message={{ kind: 'success', text: ctx.t(keys.done) }}
        linkHref={done.href}
        linkLabel={ctx.t(done.label)}
      />,
    );
  });
}

/** One set-a-password link flow (reset, invitation). */
function setPasswordPage(
  app: FastifyInstance,
  path: string,
  keys: { title: string; intro: string },
  spend: (request: FastifyRequest, input: { token: string; password: string }) => Promise<void>,
  successRedirect: string,
) {
  const render = (
    ctx: PageContext,
    reply: FastifyReply,
    token: string,
    extra: Partial<Parameters<typeof SetPasswordView>[0]> = {},
    status = 200,
  ) =>
    sendPage(
      reply,
      <SetPasswordView ctx={ctx} title={ctx.t(keys.title)} intro={ctx.t(keys.intro)} action={path} token={token} {...extra} />,
      status,
    );
  app.get(path, { config: { permission: 'public' }, schema: { hide: true, querystring: tokenQuery } }, async (request, reply) =>
    render(pageContext(request, reply), reply, tokenOf(request)),
  );
  app.post(path, { config: { permission: 'public', rateLimit: RATE_LIMITS.linkToken }, schema: { hide: true } }, async (request, reply) => {
    const ctx = pageContext(request, reply);
    const form = parseForm(setPasswordWithTokenBody, request.body);
    if (!form.ok) {
      // eslint-disable-next-line @typescript-eslint/no-base-to-string -- a form value is a string (or, posted twice, a list)
      const token = String(form.values.token ?? '');
      return render(ctx, reply, token, { errors: translateFieldErrors(ctx.t, form.errors, form.values) }, 400);
    }
    try {
      await spend(request, form.data);
    } catch (error) {
      const failure = pageFailure(ctx.t, error, form.data);
      // An expired link cannot be retried; a weak password can.
      return render(
        ctx,
        reply,
        failure.status === 410 ? '' : form.data.token,
        { errors: failure.errors, message: failure.message },
        failure.status,
      );
    }
    return reply.redirect(successRedirect, 303);
  });
}

/** Sign-up, the privacy notice and the pages e-mailed links open. */
export function registerIdentitySignUpPages(app: FastifyInstance): void {
  const deps = app.deps;

  app.get('/register', { config: { permission: 'public' }, schema: { hide: true } }, async (request, reply) =>
    sendPage(reply, <RegisterView ctx={pageContext(request, reply)} />),
  );

  app.post(
    '/register',
    { config: { permission: 'public', rateLimit: RATE_LIMITS.signUp }, schema: { hide: true } },
    async (request, reply) => {
      const ctx = pageContext(request, reply);
      const form = parseForm(registerForm, request.body);
      if (!form.ok)
        return sendPage(
          reply,
          <RegisterView ctx={ctx} values={form.values} errors={translateFieldErrors(ctx.t, form.errors, form.values)} />,
          400,
        );
      try {
        await registerPatient(deps, publicContext(request), form.data, request.locale);
      } catch (error) {
        const failure = pageFailure(ctx.t, error, form.data);
        withRetryAfter(reply, error);
        const values = { ...form.data, password: undefined, acceptedPrivacyNotice: 'true' };
        return sendPage(
          reply,
          <RegisterView ctx={ctx} values={values} errors={failure.errors} message={failure.message} />,
          failure.status,
        );
      }
      return reply.redirect('/register/check-email', 303);
    },
  );

  app.get('/register/check-email', { config: { permission: 'public' }, schema: { hide: true } }, async (request, reply) =>
    sendPage(reply, <CheckEmailView ctx={pageContext(request, reply)} />),
  );

  app.get('/privacy', { config: { permission: 'public' }, schema: { hide: true } }, async (request, reply) =>
    sendPage(reply, <PrivacyView ctx={pageContext(request, reply)} version={PRIVACY_NOTICE_VERSION} />),
  );

  confirmLinkPage(
    app,
    '/verify-email',
    { title: 'identity.verify_title', intro: 'identity.verify_intro', button: 'identity.verify_button', done: 'identity.verify_done' },
    (request, token) => verifyEmail(deps, publicContext(request), token),
    { href: '/login', label: 'identity.go_to_sign_in' },
  );

  confirmLinkPage(
    app,
    '/account/email/confirm',
    {
      title: 'identity.email_confirm_title',
      intro: 'identity.email_confirm_intro',
      button: 'identity.email_confirm_button',
      done: 'identity.email_confirm_done',
    },
    (request, token) => confirmEmailChange(deps, publicContext(request), token),
    { href: '/account', label: 'identity.account_title' },
  );

  app.get('/password-reset', { config: { permission: 'public' }, schema: { hide: true } }, async (request, reply) =>
    sendPage(reply, <PasswordResetRequestView ctx={pageContext(request, reply)} />),
  );

  app.post(
    '/password-reset',
    { config: { permission: 'public', rateLimit: RATE_LIMITS.emailRequest }, schema: { hide: true } },
    async (request, reply) => {
      const ctx = pageContext(request, reply);
      const form = parseForm(passwordResetBody, request.body);
      if (!form.ok) {
        const email = typeof form.values.email === 'string' ? form.values.email : '';
        return sendPage(
          reply,
          <PasswordResetRequestView ctx={ctx} email={email} errors={translateFieldErrors(ctx.t, form.errors, form.values)} />,
          400,
        );
      }
      await requestPasswordReset(deps, publicContext(request), form.data.email);
      return sendPage(reply, <PasswordResetRequestView ctx={ctx} sent message={{ kind: 'success', text: ctx.t('identity.reset_sent') }} />);
    },
  );

  setPasswordPage(
    app,
    '/password-reset/confirm',
    { title: 'identity.reset_confirm_title', intro: 'identity.reset_confirm_intro' },
    (request, input) => confirmPasswordReset(deps, publicContext(request), input),
    '/login?reset=done',
  );

  setPasswordPage(
    app,
    '/invitations/accept',
    { title: 'identity.invitation_title', intro: 'identity.invitation_intro' },
    (request, input) => acceptInvitation(deps, publicContext(request), input),
    '/login?reset=done',
  );
}
