import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import { serviceContext } from '../../platform/http/context.js';
import { noStore } from '../../platform/http/api-helpers.js';
import {
  passkeyLoginVerifyBody,
  passkeyRegisterOptionsBody,
  passkeyRegisterVerifyBody,
  passkeyResponse,
  recoveryCodesResponse,
  signedInResponse,
  totpConfirmBody,
  totpDisableBody,
  totpStartBody,
  totpStartResponse,
  webauthnOptionsResponse,
  noContent,
} from './identity.schemas.js';
import { RATE_LIMITS, publicContext, signedInBody } from './identity-http.js';
import {
  passkeyLoginOptions,
  passkeyRegistrationOptions,
  verifyPasskeyLogin,
  verifyPasskeyRegistration,
} from './services/passkeys.service.js';
import { confirmTotpEnrollment, disableTotp, startTotpEnrollment } from './services/totp-enrollment.service.js';

const tags = ['Two-factor sign-in'];

/** TOTP and passkeys. The enrolment calls accept an enrolment token (permission 'mfa.enroll'). */
export function registerIdentityMfaApi(app: FastifyInstance): void {
  registerTotpRoutes(app);
  registerPasskeyRoutes(app);
}

/** Authenticator-app (TOTP) enrolment and removal. */
function registerTotpRoutes(app: FastifyInstance): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const deps = app.deps;

  r.post(
    '/api/v1/auth/mfa/totp',
    {
      config: { permission: 'mfa.enroll' },
      schema: {
        tags,
        summary: 'Start authenticator-app enrolment (password needed when a factor exists)',
        body: totpStartBody,
        response: { 201: totpStartResponse },
      },
    },
    async (request, reply) => {
      noStore(reply);
      return reply.status(201).send(await startTotpEnrollment(deps, serviceContext(request), { password: request.body?.password }));
    },
  );

  r.post(
    '/api/v1/auth/mfa/totp/confirm',
    {
      config: { permission: 'mfa.enroll' },
      schema: {
        tags,
        summary: 'Confirm enrolment with a code; answers ten recovery codes, shown once',
        body: totpConfirmBody,
        response: { 200: recoveryCodesResponse },
      },
    },
    async (request, reply) => {
      noStore(reply);
      return confirmTotpEnrollment(deps, serviceContext(request), request.body.code);
    },
  );

  r.delete(
    '/api/v1/auth/mfa/totp',
    {
      config: { permission: 'account' },
      schema: { tags, summary: 'Turn authenticator-app sign-in off (patients only)', body: totpDisableBody, response: { 204: noContent } },
    },
    async (request, reply) => {
      await disableTotp(deps, serviceContext(request), request.body);
      return reply.status(204).send(null);
    },
  );
}

/** Passkey registration and sign-in. */
function registerPasskeyRoutes(app: FastifyInstance): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const deps = app.deps;

  r.post(
    '/api/v1/auth/passkeys/register/options',
    {
      config: { permission: 'mfa.enroll' },
      schema: {
        tags,
        summary: 'WebAuthn registration options (password needed when a factor exists)',
        body: passkeyRegisterOptionsBody,
        response: { 200: webauthnOptionsResponse },
      },
    },
    async (request, reply) => {
      noStore(reply);
      return (await passkeyRegistrationOptions(deps, serviceContext(request), { password: request.body?.password })) as unknown as Record<
        string,
        unknown
      >;
    },
  );

  r.post(
    '/api/v1/auth/passkeys/register/verify',
    {
      config: { permission: 'mfa.enroll' },
      schema: { tags, summary: 'Verify a new passkey and keep it', body: passkeyRegisterVerifyBody, response: { 201: passkeyResponse } },
    },
    async (request, reply) => {
      const passkey = await verifyPasskeyRegistration(deps, serviceContext(request), {
        response: request.body.response as unknown as RegistrationResponseJSON,
        name: request.body.name,
      });
      return reply.status(201).send({ id: passkey.id, name: passkey.name, createdAt: passkey.createdAt.toISOString() });
    },
  );

  r.post(
    '/api/v1/auth/passkeys/login/options',
    {
      config: { permission: 'public', rateLimit: RATE_LIMITS.signIn },
      schema: { tags, summary: 'WebAuthn sign-in options', security: [], response: { 200: webauthnOptionsResponse } },
    },
    async (request, reply) => {
      noStore(reply);
      return (await passkeyLoginOptions(deps, publicContext(request))) as unknown as Record<string, unknown>;
    },
  );

  r.post(
    '/api/v1/auth/passkeys/login/verify',
    {
      config: { permission: 'public', rateLimit: RATE_LIMITS.signIn },
      schema: {
        tags,
        summary: 'Sign in with a passkey; answers like POST /auth/token',
        security: [],
        body: passkeyLoginVerifyBody,
        response: { 201: signedInResponse },
      },
    },
    async (request, reply) => {
      const signedIn = await verifyPasskeyLogin(
        deps,
        publicContext(request),
        { response: request.body.response as unknown as AuthenticationResponseJSON },
        { kind: 'api' },
      );
      noStore(reply);
      return reply.status(201).send(signedInBody(signedIn));
    },
  );
}
