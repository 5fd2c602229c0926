import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import { deviceCookieValue, parseDeviceCookie } from '../../platform/auth/known-devices.js';
import { clearSessionCookie, deviceCookieName, setDeviceCookie, setSessionCookie } from '../../platform/http/cookies.js';
import { serviceContext } from '../../platform/http/context.js';
import { parseForm } from '../../platform/http/forms.js';
import { pageContext } from '../../platform/views/page-context.js';
import { sendPage } from '../../platform/views/render.js';
import { RATE_LIMITS, homeFor, publicContext, safeNext } from './identity-http.js';
import { pageFailure, translateFieldErrors, withRetryAfter } from './identity-page-helpers.js';
import { signOut } from './services/account.service.js';
import { verifyPasskeyLogin } from './services/passkeys.service.js';
import { signInBrowserPassword, signInBrowserSecondFactor, type SignedIn } from './services/sign-in.service.js';
import { LoginView, OtpView } from './views/login.view.js';
import type { PageMessage } from './views/auth-page.js';

const loginForm = z.object({ email: z.email().max(254), password: z.string().min(1).max(512) });
const otpForm = z.object({ otp: z.string().min(6).max(20) });
const nextQuery = z.object({
  next: z.string().max(500).optional(),
  enrolled: z.string().max(20).optional(),
  reset: z.string().max(20).optional(),
});
const passkeyLoginBody = z.object({ response: z.object({ id: z.string().max(1024) }).loose(), next: z.string().max(500).optional() });

function sessionIdOf(request: FastifyRequest): string | null {
  return request.actor?.kind === 'user' ? request.actor.sessionId : null;
}

/** After a full sign-in: a new session cookie (rotation) and the person's home, or a local `next`. */
function finishSignIn(request: FastifyRequest, reply: FastifyReply, signedIn: SignedIn, next: string | null) {
  setSessionCookie(reply, request.server.deps.config, signedIn.token);
  rememberDevice(request, reply, signedIn.deviceToken);
  return reply.redirect(next ?? homeFor(signedIn.user.role), 303);
}

/** The known-device cookie: this account's token first, the browser's other accounts kept (shared workstations). */
function rememberDevice(request: FastifyRequest, reply: FastifyReply, deviceToken: string) {
  const { config } = request.server.deps;
  setDeviceCookie(reply, config, deviceCookieValue(deviceToken, parseDeviceCookie(request.cookies[deviceCookieName(config)])));
}

/** `/`, sign-in (password, second step, passkey) and sign-out pages. */
export function registerIdentityPages(app: FastifyInstance): void {
  registerPasswordSignInPages(app);
  registerOtpPages(app);
  registerPasskeySignInAndLogoutPages(app);
}

/** The home redirect and signing in with a password. */
function registerPasswordSignInPages(app: FastifyInstance): void {
  const deps = app.deps;

  app.get('/', { config: { permission: 'public' }, schema: { hide: true } }, async (request, reply) => {
    const actor = request.actor?.kind === 'user' ? request.actor : null;
    if (!actor) return reply.redirect('/login', 303);
    if (actor.sessionKind === 'mfa_pending') return reply.redirect('/login/otp', 303);
    if (actor.sessionKind === 'enrollment') return reply.redirect('/mfa/enroll', 303);
    return reply.redirect(homeFor(actor.role), 303);
  });

  app.get('/login', { config: { permission: 'public' }, schema: { hide: true, querystring: nextQuery } }, async (request, reply) => {
    const query = request.query as z.infer<typeof nextQuery>;
    const actor = request.actor?.kind === 'user' ? request.actor : null;
    const next = safeNext(query.next);
    if (actor && actor.sessionKind === 'browser') return reply.redirect(next ?? homeFor(actor.role), 303);
    const ctx = pageContext(request, reply);
    let message: PageMessage | null = null;
    if (query.enrolled) message = { kind: 'success', text: ctx.t('identity.enrolled_sign_in_again') };
    if (query.reset) message = { kind: 'success', text: ctx.t('identity.reset_done') };
    return sendPage(reply, <LoginView ctx={ctx} next={next} message={message} />);
  });

  app.post(
    '/login',
    { config: { permission: 'public', rateLimit: RATE_LIMITS.signIn }, schema: { hide: true, querystring: nextQuery } },
    async (request, reply) => {
      const next = safeNext((request.query as z.infer<typeof nextQuery>).next);
      const ctx = pageContext(request, reply);
      const form = parseForm(loginForm, request.body);
      if (!form.ok) {
        const email = typeof form.values.email === 'string' ? form.values.email : '';
        return sendPage(
          reply,
          <LoginView ctx={ctx} next={next} email={email} errors={translateFieldErrors(ctx.t, form.errors, form.values)} />,
          400,
        );
      }
      try {
        const step = await signInBrowserPassword(deps, publicContext(request), form.data, sessionIdOf(request));
        const suffix = next ? `?next=${encodeURIComponent(next)}` : '';
        if (step.next === 'signed_in') return finishSignIn(request, reply, step.signedIn, next);
        setSessionCookie(reply, deps.config, step.token);
        return reply.redirect(step.next === 'second_factor' ? `/login/otp${suffix}` : '/mfa/enroll', 303);
      } catch (error) {
        const failure = pageFailure(ctx.t, error, form.data);
        withRetryAfter(reply, error);
        return sendPage(reply, <LoginView ctx={ctx} next={next} email={form.data.email} message={failure.message} />, failure.status);
      }
    },
  );
}

/** The second factor after the password: the one-time code. */
function registerOtpPages(app: FastifyInstance): void {
  const deps = app.deps;

  app.get(
    '/login/otp',
    { config: { permission: 'account', allowMfaPending: true }, schema: { hide: true, querystring: nextQuery } },
    async (request, reply) => {
      const actor = serviceContext(request).actor;
      const next = safeNext((request.query as z.infer<typeof nextQuery>).next);
      if (actor.sessionKind !== 'mfa_pending') return reply.redirect(next ?? homeFor(actor.role), 303);
      return sendPage(reply, <OtpView ctx={pageContext(request, reply)} next={next} />);
    },
  );

  app.post(
    '/login/otp',
    {
      config: { permission: 'account', allowMfaPending: true, rateLimit: RATE_LIMITS.signIn },
      schema: { hide: true, querystring: nextQuery },
    },
    async (request, reply) => {
      const actor = serviceContext(request).actor;
      const next = safeNext((request.query as z.infer<typeof nextQuery>).next);
      if (actor.sessionKind !== 'mfa_pending') return reply.redirect(next ?? homeFor(actor.role), 303);
      const ctx = pageContext(request, reply);
      const form = parseForm(otpForm, request.body);
      if (!form.ok)
        return sendPage(reply, <OtpView ctx={ctx} next={next} errors={translateFieldErrors(ctx.t, form.errors, form.values)} />, 400);
      try {
        const signedIn = await signInBrowserSecondFactor(deps, publicContext(request), {
          userId: actor.userId,
          pendingSessionId: actor.sessionId,
          otp: form.data.otp,
        });
        return finishSignIn(request, reply, signedIn, next);
      } catch (error) {
        const failure = pageFailure(ctx.t, error, form.data);
        withRetryAfter(reply, error);
        return sendPage(
          reply,
          <OtpView ctx={ctx} next={next} message={failure.message} errors={[{ path: 'otp', message: failure.message.text }]} />,
          failure.status,
        );
      }
    },
  );
}

/** Signing in with a passkey, and signing out. */
function registerPasskeySignInAndLogoutPages(app: FastifyInstance): void {
  const deps = app.deps;

  // The passkey button's second half (passkey.js): verifies the assertion and sets the session cookie.
  app.post(
    '/login/passkey',
    { config: { permission: 'public', rateLimit: RATE_LIMITS.signIn }, schema: { hide: true, body: passkeyLoginBody } },
    async (request, reply) => {
      const body = request.body as z.infer<typeof passkeyLoginBody>;
      const signedIn = await verifyPasskeyLogin(
        deps,
        publicContext(request),
        { response: body.response as unknown as AuthenticationResponseJSON },
        { kind: 'browser', replacesSessionId: sessionIdOf(request) },
      );
      setSessionCookie(reply, deps.config, signedIn.token);
      rememberDevice(request, reply, signedIn.deviceToken);
      return reply.header('cache-control', 'no-store').send({ redirect: safeNext(body.next) ?? homeFor(signedIn.user.role) });
    },
  );

  app.post('/logout', { config: { permission: 'public' }, schema: { hide: true } }, async (request, reply) => {
    if (request.actor?.kind === 'user') await signOut(deps, serviceContext(request));
    clearSessionCookie(reply, deps.config);
    return reply.redirect('/login', 303);
  });
}
