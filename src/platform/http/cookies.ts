import type { FastifyReply } from 'fastify';
import type { Config } from '../config.js';

/** `__Host-` + Secure whenever the public URL is https; plain names only for a local http demo. */
export function sessionCookieName(config: Config): string {
  return config.secureCookies ? '__Host-cw_session' : 'cw_session';
}

export const LANGUAGE_COOKIE = 'cw_lang';

export function setSessionCookie(reply: FastifyReply, config: Config, token: string): void {
  reply.setCookie(sessionCookieName(config), token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: config.secureCookies,
  });
}

export function clearSessionCookie(reply: FastifyReply, config: Config): void {
  reply.clearCookie(sessionCookieName(config), { path: '/', httpOnly: true, sameSite: 'lax', secure: config.secureCookies });
}

/** The known-device cookie (src/platform/auth/known-devices.ts): a year, HttpOnly, never sent cross-site. */
export function deviceCookieName(config: Config): string {
  return config.secureCookies ? '__Host-cw_device' : 'cw_device';
}

export function setDeviceCookie(reply: FastifyReply, config: Config, value: string): void {
  reply.setCookie(deviceCookieName(config), value, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: config.secureCookies,
    maxAge: 365 * 24 * 3600,
  });
}
