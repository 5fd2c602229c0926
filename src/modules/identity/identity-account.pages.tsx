import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { setSessionCookie } from '../../platform/http/cookies.js';
import { serviceContext } from '../../platform/http/context.js';
import { parseForm } from '../../platform/http/forms.js';
import { pageContext } from '../../platform/views/page-context.js';
import { sendPage } from '../../platform/views/render.js';
import { changeEmailBody, changePasswordBody, idParams, totpConfirmBody, totpDisableBody } from './identity.schemas.js';
import { homeFor } from './identity-http.js';
import { pageFailure, translateFieldErrors, withRetryAfter } from './identity-page-helpers.js';
import { listMySessions, requestEmailChange, revokeMySession } from './services/account.service.js';
import { setMyTimeZone } from './services/time-zone.service.js';
import { removePasskey } from './services/passkeys.service.js';
import { changePassword } from './services/password.service.js';
import { readAccountOverview } from './services/account-overview.service.js';
import { upgradeEnrollmentSession } from './services/sign-in.service.js';
import { confirmTotpEnrollment, disableTotp, pendingTotp, startTotpEnrollment } from './services/totp-enrollment.service.js';
import { AccountView, SessionsView, type AccountForm } from './views/account.view.js';
import type { PageMessage } from './views/auth-page.js';
import { MfaEnrollView, RecoveryCodesView } from './views/mfa-enroll.view.js';
import { AppError, type FieldError } from '../../platform/errors.js';

const accountQuery = z.object({ done: z.string().max(30).optional(), passkey: z.string().max(20).optional() });
const passwordOnly = z.object({ password: z.string().min(1).max(512) });
/** An empty choice: follow the hospital's zone. */
const timeZoneBody = z.object({ timeZone: z.string().max(64).optional() });
const optionalPassword = z.object({ password: z.string().min(1).max(512).optional() });

/** The account page, sessions, and two-factor enrolment pages. */
export function registerIdentityAccountPages(app: FastifyInstance): void {
  registerAccountPages(app);
  registerTimeZoneForm(app);
  registerSessionPages(app);
  registerMfaEnrollmentPages(app);
}

type Deps = FastifyInstance['deps'];

/** The account page, with a message or a form's errors when given. */
async function renderAccount(
  deps: Deps,
  request: FastifyRequest,
  reply: FastifyReply,
  extra: { message?: PageMessage | null; errors?: FieldError[]; form?: AccountForm } = {},
  status = 200,
) {
  return sendPage(
    reply,
    <AccountView
      ctx={pageContext(request, reply)}
      data={await readAccountOverview(deps.db, serviceContext(request).actor.userId)}
      {...extra}
    />,
    status,
  );
}

/** The enrolment page: the pending authenticator's QR code, or the button that starts one. */
async function renderEnroll(
  deps: Deps,
  request: FastifyRequest,
  reply: FastifyReply,
  extra: { message?: PageMessage | null; errors?: FieldError[] } = {},
  status = 200,
) {
  const ctx = serviceContext(request);
  const pending = await pendingTotp(deps, ctx);
  // qrcode loads with the first second-factor set-up, not at start (issue 11: idle memory).
  const qrDataUrl = pending ? await (await import('qrcode')).default.toDataURL(pending.otpauthUri, { margin: 1, width: 220 }) : '';
  return sendPage(
    reply,
    <MfaEnrollView
      ctx={pageContext(request, reply)}
      pending={pending ? { ...pending, qrDataUrl } : null}
      needsPassword={ctx.actor.mfaEnrolled}
      enrollmentOnly={ctx.actor.sessionKind === 'enrollment'}
      {...extra}
    />,
    status,
  );
}

/** The zone every time is shown in: the account's own, or empty for the hospital's (docs/time.md). */
function registerTimeZoneForm(app: FastifyInstance): void {
  const deps = app.deps;
  app.post('/account/time-zone', { config: { permission: 'account' }, schema: { hide: true } }, async (request, reply) => {
    const t = pageContext(request, reply).t;
    const parsed = parseForm(timeZoneBody, request.body);
    try {
      if (!parsed.ok) throw new AppError('validation_failed', 'Choose a time zone from the list.', { errors: parsed.errors });
      await setMyTimeZone(deps.db, serviceContext(request), parsed.data);
    } catch (error) {
      const failure = pageFailure(t, error, parsed.ok ? parsed.data : {});
      return renderAccount(deps, request, reply, { form: 'time_zone', errors: failure.errors, message: failure.message }, failure.status);
    }
    return reply.redirect('/account?done=time_zone_changed', 303);
  });
}

/** The account page and its forms: password, e-mail, authenticator removal, passkey removal. */
function registerAccountPages(app: FastifyInstance): void {
  const deps = app.deps;

  app.get('/account', { config: { permission: 'account' }, schema: { hide: true, querystring: accountQuery } }, async (request, reply) => {
    const query = request.query as z.infer<typeof accountQuery>;
    const t = pageContext(request, reply).t;
    const done = query.passkey === 'added' ? 'passkey_added' : query.done;
    const known = ['password_changed', 'email_pending', 'totp_disabled', 'passkey_added', 'passkey_removed', 'time_zone_changed'];
    return renderAccount(deps, request, reply, {
      message: done && known.includes(done) ? { kind: 'success', text: t(`identity.done_${done}`) } : null,
    });
  });

  /** Posts one account form, re-rendering the page with errors beside that form on failure. */
  function accountForm<S extends z.ZodType>(
    path: string,
    form: AccountForm,
    schema: S,
    act: (request: FastifyRequest, data: z.output<S>) => Promise<void>,
    done: string,
  ) {
    app.post(path, { config: { permission: 'account' }, schema: { hide: true } }, async (request, reply) => {
      const t = pageContext(request, reply).t;
      const parsed = parseForm(schema, request.body);
      if (!parsed.ok)
        return renderAccount(
          deps,
          request,
          reply,
          {
            form,
            errors: translateFieldErrors(t, parsed.errors, parsed.values),
            message: { kind: 'danger', text: t('identity.error_fix_fields') },
          },
          400,
        );
      try {
        await act(request, parsed.data);
      } catch (error) {
        const failure = pageFailure(t, error, parsed.data as Record<string, unknown>);
        withRetryAfter(reply, error);
        return renderAccount(deps, request, reply, { form, errors: failure.errors, message: failure.message }, failure.status);
      }
      return reply.redirect(`/account?done=${done}`, 303);
    });
  }

  accountForm(
    '/account/password',
    'password',
    changePasswordBody,
    (request, data) => changePassword(deps, serviceContext(request), data),
    'password_changed',
  );
  accountForm(
    '/account/email',
    'email',
    changeEmailBody,
    (request, data) => requestEmailChange(deps, serviceContext(request), data),
    'email_pending',
  );
  accountForm(
    '/account/totp/disable',
    'totp_disable',
    totpDisableBody,
    (request, data) => disableTotp(deps, serviceContext(request), data),
    'totp_disabled',
  );

  app.post(
    '/account/passkeys/:id/remove',
    { config: { permission: 'account' }, schema: { hide: true, params: idParams } },
    async (request, reply) => {
      const t = pageContext(request, reply).t;
      const parsed = parseForm(passwordOnly, request.body);
      try {
        if (!parsed.ok)
          return renderAccount(
            deps,
            request,
            reply,
            { form: 'passkey_remove', errors: translateFieldErrors(t, parsed.errors, parsed.values) },
            400,
          );
        await removePasskey(deps, serviceContext(request), {
          passkeyId: (request.params as { id: string }).id,
          password: parsed.data.password,
        });
      } catch (error) {
        const failure = pageFailure(t, error, parsed.ok ? parsed.data : {});
        return renderAccount(
          deps,
          request,
          reply,
          { form: 'passkey_remove', errors: failure.errors, message: failure.message },
          failure.status,
        );
      }
      return reply.redirect('/account?done=passkey_removed', 303);
    },
  );
}

/** The signed-in person's sessions, each one revocable. */
function registerSessionPages(app: FastifyInstance): void {
  const deps = app.deps;

  app.get(
    '/account/sessions',
    { config: { permission: 'account' }, schema: { hide: true, querystring: accountQuery } },
    async (request, reply) => {
      const ctx = pageContext(request, reply);
      const revoked = (request.query as z.infer<typeof accountQuery>).done === 'revoked';
      const sessions = await listMySessions(deps, serviceContext(request));
      return sendPage(
        reply,
        <SessionsView
          ctx={ctx}
          sessions={sessions}
          message={revoked ? { kind: 'success', text: ctx.t('identity.done_session_revoked') } : null}
        />,
      );
    },
  );

  app.post(
    '/account/sessions/:id/revoke',
    { config: { permission: 'account' }, schema: { hide: true, params: idParams } },
    async (request, reply) => {
      await revokeMySession(deps, serviceContext(request), (request.params as { id: string }).id);
      return reply.redirect('/account/sessions?done=revoked', 303);
    },
  );
}

/** Two-factor enrolment: start, confirm, and the recovery codes shown once. */
function registerMfaEnrollmentPages(app: FastifyInstance): void {
  const deps = app.deps;

  app.get('/mfa/enroll', { config: { permission: 'mfa.enroll' }, schema: { hide: true } }, async (request, reply) =>
    renderEnroll(deps, request, reply),
  );

  app.post('/mfa/enroll/start', { config: { permission: 'mfa.enroll' }, schema: { hide: true } }, async (request, reply) => {
    const t = pageContext(request, reply).t;
    const parsed = parseForm(optionalPassword, request.body);
    try {
      await startTotpEnrollment(deps, serviceContext(request), { password: parsed.ok ? parsed.data.password : undefined });
    } catch (error) {
      const failure = pageFailure(t, error, parsed.ok ? parsed.data : {});
      withRetryAfter(reply, error);
      return renderEnroll(deps, request, reply, { errors: failure.errors, message: failure.message }, failure.status);
    }
    return reply.redirect('/mfa/enroll', 303);
  });

  app.post('/mfa/enroll/confirm', { config: { permission: 'mfa.enroll' }, schema: { hide: true } }, async (request, reply) => {
    const ctx = serviceContext(request);
    const page = pageContext(request, reply);
    const parsed = parseForm(totpConfirmBody, request.body);
    if (!parsed.ok) return renderEnroll(deps, request, reply, { errors: translateFieldErrors(page.t, parsed.errors, parsed.values) }, 400);
    let codes: string[];
    try {
      codes = (await confirmTotpEnrollment(deps, ctx, parsed.data.code)).recoveryCodes;
    } catch (error) {
      const failure = pageFailure(page.t, error, parsed.data);
      withRetryAfter(reply, error);
      return renderEnroll(
        deps,
        request,
        reply,
        { errors: [{ path: 'code', message: failure.message.text }], message: failure.message },
        failure.status,
      );
    }
    if (ctx.actor.sessionKind === 'enrollment') setSessionCookie(reply, deps.config, (await upgradeEnrollmentSession(deps, ctx)).token);
    const next = ctx.actor.sessionKind === 'enrollment' ? homeFor(ctx.actor.role) : '/account';
    return sendPage(reply, <RecoveryCodesView ctx={page} codes={codes} next={next} />);
  });
}
