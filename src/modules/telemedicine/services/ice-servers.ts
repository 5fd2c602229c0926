import { createHmac } from 'node:crypto';
import type { TelemedicineConfig } from '../../../platform/config.js';

export interface IceServer {
  urls: string[];
  username?: string;
  credential?: string;
}

export interface IceServers {
  iceServers: IceServer[];
  /** When the TURN credentials stop working (null without TURN). */
  expiresAt: Date | null;
}

/**
 * The TURN REST scheme (draft-uberti-behave-turn-rest, coturn's `use-auth-secret`): the username is
 * `<expiry unix seconds>:<user id>` and the password base64(HMAC-SHA1(secret, username)). The TURN
 * server recomputes it from the shared secret and refuses it after the expiry, so the browser holds
 * a credential that is useless an hour later and the secret never leaves the server.
 */
export function turnCredentials(
  secret: string,
  userId: string,
  now: Date,
  ttlSeconds: number,
): { username: string; credential: string; expiresAt: Date } {
  const expiry = Math.floor(now.getTime() / 1000) + ttlSeconds;
  const username = `${expiry}:${userId}`;
  const credential = createHmac('sha1', secret).update(username).digest('base64');
  return { username, credential, expiresAt: new Date(expiry * 1000) };
}

/** The ICE servers one participant's browser gets: STUN as configured, TURN with fresh credentials. */
export function iceServersFor(config: TelemedicineConfig, userId: string, now: Date): IceServers {
  const iceServers: IceServer[] = [];
  if (config.stunUrls.length > 0) iceServers.push({ urls: config.stunUrls });
  if (config.turnUrls.length > 0 && config.turnSecret) {
    const { username, credential, expiresAt } = turnCredentials(config.turnSecret, userId, now, config.turnTtlSeconds);
    iceServers.push({ urls: config.turnUrls, username, credential });
    return { iceServers, expiresAt };
  }
  return { iceServers, expiresAt: null };
}
