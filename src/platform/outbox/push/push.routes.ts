import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { userActor } from '../../http/context.js';
import { validationFailed } from '../../errors.js';
import { deleteUserPushSubscription, upsertPushSubscription } from './push.repository.js';
import { lazyVapidKeys } from './vapid-keys.js';

const ASSETS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../assets');
const base64url = (min: number, max: number) =>
  z
    .string()
    .min(min)
    .max(max)
    .regex(/^[A-Za-z0-9_-]+=*$/, 'must be URL-safe base64');

const endpointSchema = z.url({ protocol: /^https$/, error: 'must be an https:// push service URL' }).max(2048);
export const pushSubscriptionBody = z.strictObject({
  endpoint: endpointSchema,
  keys: z.strictObject({ p256dh: base64url(40, 200), auth: base64url(8, 64) }),
});
export const pushUnsubscribeBody = z.strictObject({ endpoint: endpointSchema });

/**
 * A subscription endpoint must be one of the browsers' push services: the server will call it.
 * Only the default https port (the URL parser drops an explicit :443) and no user-info, so an
 * allowed host cannot be pointed at another service on the same machine.
 */
export function isAllowedPushEndpoint(endpoint: string, allowedHosts: string[]): boolean {
  const url = new URL(endpoint);
  if (url.protocol !== 'https:' || url.port !== '' || url.username !== '' || url.password !== '') return false;
  const host = url.hostname.toLowerCase();
  return allowedHosts.some((allowed) => (allowed.startsWith('*.') ? host.endsWith(allowed.slice(1)) : host === allowed));
}

/** Web Push: the server's public key, the signed-in person's device subscriptions, the service worker and opt-in script. */
export function registerPushRoutes(app: FastifyInstance): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db, config, clock } = app.deps;
  const vapidKeys = lazyVapidKeys(config.vapid, config.dataDir);
  const tags = ['Notifications: Web Push'];
  const serviceWorker = readFileSync(path.join(ASSETS_DIR, 'sw.js'));
  const optInScript = readFileSync(path.join(ASSETS_DIR, 'push.js'));

  r.get(
    '/api/v1/push/public-key',
    {
      config: { permission: 'account' },
      schema: {
        tags,
        summary: "The server's VAPID public key, for PushManager.subscribe",
        response: { 200: z.object({ publicKey: z.string() }) },
      },
    },
    async () => ({ publicKey: vapidKeys().publicKey }),
  );

  r.post(
    '/api/v1/push/subscriptions',
    {
      config: { permission: 'account' },
      schema: {
        tags,
        summary: "Save this browser's push subscription for the signed-in person",
        body: pushSubscriptionBody,
        response: { 201: z.object({ status: z.literal('subscribed') }) },
      },
    },
    async (request, reply) => {
      const actor = userActor(request);
      if (!isAllowedPushEndpoint(request.body.endpoint, config.pushEndpointHosts)) {
        throw validationFailed(
          [{ path: 'endpoint', message: 'Not a known push service' }],
          'This browser’s push service is not allowed on this server.',
        );
      }
      await upsertPushSubscription(
        db,
        { userId: actor.userId, endpoint: request.body.endpoint, p256dh: request.body.keys.p256dh, auth: request.body.keys.auth },
        clock(),
      );
      return reply.status(201).send({ status: 'subscribed' as const });
    },
  );

  r.delete(
    '/api/v1/push/subscriptions',
    {
      config: { permission: 'account' },
      schema: {
        tags,
        summary: "Forget one of the signed-in person's push subscriptions",
        body: pushUnsubscribeBody,
        response: { 204: z.null().describe('No content') },
      },
    },
    async (request, reply) => {
      await deleteUserPushSubscription(db, userActor(request).userId, request.body.endpoint);
      return reply.status(204).send(null);
    },
  );

  app.get('/sw.js', { config: { permission: 'public' }, schema: { hide: true } }, async (_request, reply) =>
    reply.header('content-type', 'text/javascript; charset=utf-8').header('cache-control', 'no-cache').send(serviceWorker),
  );
  app.get('/assets/push.js', { config: { permission: 'public' }, schema: { hide: true } }, async (_request, reply) =>
    reply.header('content-type', 'text/javascript; charset=utf-8').header('cache-control', 'public, max-age=3600').send(optInScript),
  );
}
