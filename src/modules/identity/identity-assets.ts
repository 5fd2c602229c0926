import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';

const require = createRequire(import.meta.url);
const HERE = path.dirname(fileURLToPath(import.meta.url));

/** The passkey scripts, from an allowlist (like src/platform/http/assets.ts): nothing else on disk is reachable. */
const SOURCES: Record<string, string> = {
  // The package's exports hide dist/, so the bundle is found beside its entry point.
  'webauthn.js': path.join(path.dirname(require.resolve('@simplewebauthn/browser')), '..', 'dist', 'bundle', 'index.umd.min.js'),
  'passkey.js': path.join(HERE, 'assets', 'passkey.js'),
};

export function registerIdentityAssets(app: FastifyInstance): void {
  const assets = new Map<string, { body: Buffer; etag: string }>();
  for (const [name, file] of Object.entries(SOURCES)) {
    const body = readFileSync(file);
    assets.set(name, { body, etag: `"${createHash('sha256').update(body).digest('hex').slice(0, 16)}"` });
  }
  app.get<{ Params: { name: string } }>(
    '/assets/identity/:name',
    { config: { permission: 'public' }, schema: { hide: true, params: z.object({ name: z.string().max(40) }) } },
    async (request, reply) => {
      const asset = assets.get(request.params.name);
      if (!asset) return reply.callNotFound();
      if (request.headers['if-none-match'] === asset.etag) return reply.status(304).send();
      return reply
        .header('content-type', 'text/javascript; charset=utf-8')
        .header('cache-control', 'public, max-age=3600')
        .header('etag', asset.etag)
        .send(asset.body);
    },
  );
}
