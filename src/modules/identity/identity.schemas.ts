import { z } from 'zod';
import { PASSWORD_MAX_LENGTH } from '../../platform/auth/passwords.js';
import { ROLES } from '../../platform/auth/auth.tables.js';

/** Request and response shapes of the identity module (API.md, "Accounts and authentication"). */

const email = z.email().max(254);
/** Length and commonness are checked by passwordProblems() so the message names the rule. */
const password = z
  .string()
  .min(1)
  .max(PASSWORD_MAX_LENGTH * 4);
const linkToken = z.string().min(10).max(200);

export const registerBody = z.strictObject({
  email,
  password,
  givenName: z.string().trim().min(1).max(100),
  familyName: z.string().trim().min(1).max(100),
  birthDate: z.iso.date(),
  phone: z.string().trim().min(3).max(40).optional(),
  preferredLanguage: z.string().trim().min(2).max(35).optional(),
  acceptedPrivacyNotice: z.literal(true, { error: 'Read and accept the privacy notice to create an account.' }),
  linkCode: z.string().trim().min(4).max(40).optional(),
});
export type RegisterInput = z.infer<typeof registerBody>;

export const tokenBody = z.strictObject({ token: linkToken });
export const signInBody = z.strictObject({
  email,
  password,
  otp: z.string().trim().min(6).max(20).optional(),
  /** The `deviceToken` of an earlier sign-in from this app: its own throttle while strangers are locked out. */
  deviceToken: z.string().max(100).optional(),
});
export type SignInInput = z.infer<typeof signInBody>;

export const statusResponse = <T extends string>(status: T) => z.object({ status: z.literal(status) });

export const meResponse = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  flags: z.object({ nurseLead: z.boolean(), privacyOfficer: z.boolean() }),
  locale: z.string(),
  timeZone: z.string(),
  mfaEnrolled: z.boolean(),
  patientId: z.uuid().nullable(),
  staffId: z.uuid().nullable(),
});
export type Me = z.infer<typeof meResponse>;

export const signedInResponse = z.object({
  token: z.string(),
  expiresAt: z.iso.datetime(),
  user: meResponse,
  deviceToken: z.string().describe('Send it back as deviceToken at the next sign-in from this app'),
});

/** Optional bodies: Fastify hands a missing body over as null. */
export const totpStartBody = z.strictObject({ password: password.optional() }).nullish();
export const totpStartResponse = z.object({ secret: z.string(), otpauthUri: z.string() });
export const totpConfirmBody = z.strictObject({ code: z.string().trim().min(6).max(10) });
export const recoveryCodesResponse = z.object({ recoveryCodes: z.array(z.string()) });
export const totpDisableBody = z.strictObject({ password, otp: z.string().trim().min(6).max(20) });

export const changePasswordBody = z.strictObject({ currentPassword: password, newPassword: password });
export const changeEmailBody = z.strictObject({ currentPassword: password, newEmail: email });
export const passwordResetBody = z.strictObject({ email });
export const setPasswordWithTokenBody = z.strictObject({ token: linkToken, password });

export const sessionItem = z.object({
  id: z.uuid(),
  kind: z.enum(['browser', 'api']),
  device: z.string().nullable(),
  ip: z.string().nullable(),
  createdAt: z.iso.datetime(),
  lastSeenAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
  current: z.boolean(),
});
export const sessionListResponse = z.object({ items: z.array(sessionItem), nextCursor: z.string().nullable() });
export const idParams = z.object({ id: z.uuid() });

/** WebAuthn JSON is produced by the browser library; its inner shape is checked by @simplewebauthn/server. */
const webauthnResponse = z
  .object({
    id: z.string().min(1).max(1024),
    rawId: z.string().max(1024),
    type: z.literal('public-key'),
    response: z.record(z.string(), z.unknown()),
  })
  .loose();
export const passkeyRegisterOptionsBody = z.strictObject({ password: password.optional() }).nullish();
export const passkeyRegisterVerifyBody = z.strictObject({ response: webauthnResponse, name: z.string().trim().min(1).max(60).optional() });
export const passkeyLoginVerifyBody = z.strictObject({ response: webauthnResponse });
export const webauthnOptionsResponse = z.record(z.string(), z.unknown());
export const passkeyResponse = z.object({ id: z.uuid(), name: z.string(), createdAt: z.iso.datetime() });

/** 204 answers carry no body. */
export const noContent = z.null().describe('No content');
