import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const LEAFLET_DIST = path.dirname(require.resolve('leaflet/dist/leaflet.js'));
const JS = 'text/javascript; charset=utf-8';
const CSS = 'text/css; charset=utf-8';

/**
 * The SOS, dispatch and crew pages' scripts and styles, and Leaflet (BSD-2-Clause, served by the
 * app: hospitals run on closed networks), from an allowlist like src/platform/http/assets.ts.
 * The map draws circle markers only, so Leaflet's marker images are not needed.
 */
const SOURCES: Record<string, { file: string; type: string }> = {
  'sos.js': { file: path.join(HERE, 'assets', 'sos.js'), type: JS },
  'dispatch.js': { file: path.join(HERE, 'assets', 'dispatch.js'), type: JS },
  'crew.js': { file: path.join(HERE, 'assets', 'crew.js'), type: JS },
  'sos.css': { file: path.join(HERE, 'assets', 'sos.css'), type: CSS },
  'leaflet.js': { file: path.join(LEAFLET_DIST, 'leaflet.js'), type: JS },
  'leaflet.css': { file: path.join(LEAFLET_DIST, 'leaflet.css'), type: CSS },
};

export function registerSosAssets(app: FastifyInstance): void {
  const assets = new Map<string, { body: Buffer; type: string; etag: string }>();
  for (const [name, source] of Object.entries(SOURCES)) {
    const body = readFileSync(source.file);
    assets.set(name, { body, type: source.type, etag: `"${createHash('sha256').update(body).digest('hex').slice(0, 16)}"` });
  }
  app.get<{ Params: { name: string } }>(
    '/assets/sos/:name',
    { config: { permission: 'public' }, schema: { hide: true, params: z.object({ name: z.string().max(40) }) } },
    async (request, reply) => {
      const asset = assets.get(request.params.name);
      if (!asset) return reply.callNotFound();
      if (request.headers['if-none-match'] === asset.etag) return reply.status(304).send();
      return reply
        .header('content-type', asset.type)
        .header('cache-control', 'public, max-age=3600')
        .header('etag', asset.etag)
        .send(asset.body);
    },
  );
}
