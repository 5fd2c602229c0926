import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { serviceContext, userActor } from '../../platform/http/context.js';
import { noStore } from '../../platform/http/api-helpers.js';
import {
  meResponse,
  passwordResetBody,
  registerBody,
  setPasswordWithTokenBody,
  signInBody,
  signedInResponse,
  statusResponse,
  tokenBody,
  noContent,
} from './identity.schemas.js';
import { RATE_LIMITS, publicContext, signedInBody } from './identity-http.js';
import { confirmEmailChange, signOut } from './services/account.service.js';
import { getMe } from './services/me.service.js';
import { acceptInvitation, confirmPasswordReset, requestPasswordReset } from './services/password.service.js';
import { registerPatient, verifyEmail } from './services/register.service.js';
import { signInForApi } from './services/sign-in.service.js';

const tags = ['Accounts and authentication'];

/** Sign-up, sign-in, e-mail links and `<me>` (API.md, "Accounts and authentication"). */
export function registerIdentityApi(app: FastifyInstance): void {
  registerAccountAndTokenRoutes(app);
  registerRecoveryAndProfileRoutes(app);
}

/** Registration, e-mail verification, and signing in and out with a token. */
function registerAccountAndTokenRoutes(app: FastifyInstance): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const deps = app.deps;

  r.post(
    '/api/v1/auth/register',
    {
      config: { permission: 'public', rateLimit: RATE_LIMITS.signUp },
      schema: {
        tags,
        summary: 'Register a patient account',
        security: [],
        body: registerBody,
        response: { 202: statusResponse('pending_verification') },
      },
    },
    async (request, reply) => {
      await registerPatient(deps, publicContext(request), request.body, request.locale);
      return reply.status(202).send({ status: 'pending_verification' as const });
    },
  );

  r.post(
    '/api/v1/auth/verify-email',
    {
      config: { permission: 'public', rateLimit: RATE_LIMITS.linkToken },
      schema: {
        tags,
        summary: 'Confirm an e-mail address with the token from the link',
        security: [],
        body: tokenBody,
        response: { 200: statusResponse('verified') },
      },
    },
    async (request) => {
      await verifyEmail(deps, publicContext(request), request.body.token);
      return { status: 'verified' as const };
    },
  );

  r.post(
    '/api/v1/auth/token',
    {
      config: { permission: 'public', rateLimit: RATE_LIMITS.signIn },
      schema: {
        tags,
        summary: 'Sign in: e-mail, password and (when enrolled) a second-factor code',
        security: [],
        body: signInBody,
        response: { 201: signedInResponse },
      },
    },
    async (request, reply) => {
      const signedIn = await signInForApi(
        deps,
        publicContext(request, request.body.deviceToken ? [request.body.deviceToken] : []),
        request.body,
      );
      noStore(reply);
      return reply.status(201).send(signedInBody(signedIn));
    },
  );

  r.delete(
    '/api/v1/auth/token',
    {
      config: { permission: 'account' },
      schema: { tags, summary: 'Sign out: revoke the token presented', response: { 204: noContent } },
    },
    async (request, reply) => {
      await signOut(deps, serviceContext(request));
      return reply.status(204).send(null);
    },
  );
}

/** Password reset, invitations, e-mail change confirmation and the signed-in account. */
function registerRecoveryAndProfileRoutes(app: FastifyInstance): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const deps = app.deps;

  r.post(
    '/api/v1/auth/password-reset',
    {
      config: { permission: 'public', rateLimit: RATE_LIMITS.emailRequest },
      schema: {
        tags,
        summary: 'Ask for a password reset link (always 202)',
        security: [],
        body: passwordResetBody,
        response: { 202: statusResponse('accepted') },
      },
    },
    async (request, reply) => {
      await requestPasswordReset(deps, publicContext(request), request.body.email);
      return reply.status(202).send({ status: 'accepted' as const });
    },
  );

  r.post(
    '/api/v1/auth/password-reset/confirm',
    {
      config: { permission: 'public', rateLimit: RATE_LIMITS.linkToken },
      schema: {
        tags,
        summary: 'Set a new password with a reset token; all sessions end',
        security: [],
        body: setPasswordWithTokenBody,
        response: { 200: statusResponse('password_reset') },
      },
    },
    async (request) => {
      await confirmPasswordReset(deps, publicContext(request), request.body);
      return { status: 'password_reset' as const };
    },
  );

  r.post(
    '/api/v1/auth/invitations/accept',
    {
      config: { permission: 'public', rateLimit: RATE_LIMITS.linkToken },
      schema: {
        tags,
        summary: 'Accept a staff invitation by choosing a password',
        security: [],
        body: setPasswordWithTokenBody,
        response: { 200: statusResponse('accepted') },
      },
    },
    async (request) => {
      await acceptInvitation(deps, publicContext(request), request.body);
      return { status: 'accepted' as const };
    },
  );

  r.post(
    '/api/v1/auth/email/confirm',
    {
      config: { permission: 'public', rateLimit: RATE_LIMITS.linkToken },
      schema: {
        tags,
        summary: 'Confirm a new e-mail address with the token from the link',
        security: [],
        body: tokenBody,
        response: { 200: statusResponse('email_changed') },
      },
    },
    async (request) => {
      await confirmEmailChange(deps, publicContext(request), request.body.token);
      return { status: 'email_changed' as const };
    },
  );

  r.get(
    '/api/v1/me',
    {
      config: { permission: 'account' },
      schema: { tags, summary: 'The signed-in account', response: { 200: meResponse } },
    },
    async (request, reply) => {
      noStore(reply);
      return getMe(deps.db, userActor(request).userId);
    },
  );
}
