import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';

const HERE = path.dirname(fileURLToPath(import.meta.url));

/** The video visit's scripts and styles, from an allowlist (like src/platform/http/assets.ts): nothing else on disk is reachable. */
const SOURCES: Record<string, { file: string; type: string }> = {
  'video-call.js': { file: path.join(HERE, 'assets', 'video-call.js'), type: 'text/javascript; charset=utf-8' },
  'device-check.js': { file: path.join(HERE, 'assets', 'device-check.js'), type: 'text/javascript; charset=utf-8' },
  'telemedicine.css': { file: path.join(HERE, 'assets', 'telemedicine.css'), type: 'text/css; charset=utf-8' },
};

export function registerTelemedicineAssets(app: FastifyInstance): void {
  const assets = new Map<string, { body: Buffer; type: string; etag: string }>();
  for (const [name, source] of Object.entries(SOURCES)) {
    const body = readFileSync(source.file);
    assets.set(name, { body, type: source.type, etag: `"${createHash('sha256').update(body).digest('hex').slice(0, 16)}"` });
  }
  app.get<{ Params: { name: string } }>(
    '/assets/telemedicine/:name',
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
