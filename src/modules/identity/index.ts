import type { FastifyInstance } from 'fastify';
import { registerIdentityAccountApi } from './identity-account.api.js';
import { registerIdentityMfaApi } from './identity-mfa.api.js';
import { registerIdentityApi } from './identity.api.js';
import { registerIdentityAccountPages } from './identity-account.pages.js';
import { registerIdentityAssets } from './identity-assets.js';
import { registerIdentitySignUpPages } from './identity-signup.pages.js';
import { registerIdentityPages } from './identity.pages.js';

/** Identity: sign-up, sign-in, second factors, passkeys, sessions and the account pages. */
export function registerIdentityModule(app: FastifyInstance): void {
  registerIdentityApi(app);
  registerIdentityAccountApi(app);
  registerIdentityMfaApi(app);
  registerIdentityAssets(app);
  registerIdentityPages(app);
  registerIdentitySignUpPages(app);
  registerIdentityAccountPages(app);
}
