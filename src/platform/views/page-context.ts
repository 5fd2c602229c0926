import type { FastifyReply, FastifyRequest } from 'fastify';
import type { UserActor } from '../auth/actor.js';
import { direction, translator, type Translate } from '../i18n/i18n.js';
import { effectiveTimeZone } from '../time/zoned-time.js';

/** Everything a template needs about the request, passed down as one prop. */
export interface PageContext {
  t: Translate;
  locale: string;
  dir: 'ltr' | 'rtl';
  actor: UserActor | null;
  csrfToken: string;
  path: string;
  demoMode: boolean;
  /** Plain-http demo: cookies cannot be `Secure`, and the banner says so. */
  insecureTransport: boolean;
  timeZone: string;
}

export function pageContext(request: FastifyRequest, reply: FastifyReply): PageContext {
  // A half-finished sign-in (second step pending, or second factor not enrolled yet) gets the
  // signed-out chrome: no navigation, no notification bell, no live scripts it could not use.
  const actor =
    request.actor?.kind === 'user' && request.actor.sessionKind !== 'mfa_pending' && request.actor.sessionKind !== 'enrollment'
      ? request.actor
      : null;
  const { config } = request.server.deps;
  return {
    t: translator(request.locale),
    locale: request.locale,
    dir: direction(request.locale),
    actor,
    csrfToken: reply.generateCsrf(),
    path: request.url.split('?')[0]!,
    demoMode: config.demoMode,
    insecureTransport: !config.secureCookies,
    timeZone: effectiveTimeZone(actor?.timeZone),
  };
}
