import { deviceThrottleKey, deviceTokenFor, issueDeviceToken } from '../../../platform/auth/known-devices.js';
import { throttleKey } from '../../../platform/auth/throttle.js';
import type { PublicContext } from './identity-context.js';

export {
  assertNotLocked,
  FAILURES_BEFORE_LOCK,
  FIRST_LOCK_MS,
  lockDurationMs,
  MAX_LOCK_MS,
  rateLimited,
  reauthThrottleKey,
  recordFailure,
  recordSuccess,
  throttleKey,
} from '../../../platform/auth/throttle.js';

/** The counter a sign-in attempt is throttled on, and the known-device token that chose it (if any). */
export interface SignInThrottle {
  key: string;
  deviceToken: string | null;
  /** True for the shared account key: only its lock notifies the owner. */
  shared: boolean;
}

/**
 * A known device of the account (a valid token in the cookie or the API body) keeps its own
 * counter; every other source shares the account key. See docs/security.md, "Throttling".
 */
export function signInThrottle(appSecret: string, ctx: PublicContext, email: string): SignInThrottle {
  const deviceToken = deviceTokenFor(appSecret, ctx.deviceTokens ?? [], email);
  return deviceToken
    ? { key: deviceThrottleKey(deviceToken), deviceToken, shared: false }
    : { key: throttleKey(email), deviceToken: null, shared: true };
}

/** The device's token for this account after a successful sign-in: kept if it had one, else new. */
export function deviceTokenAfterSignIn(appSecret: string, ctx: PublicContext, email: string): string {
  return deviceTokenFor(appSecret, ctx.deviceTokens ?? [], email) ?? issueDeviceToken(appSecret, email);
}
