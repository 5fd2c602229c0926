import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { createHash } from 'node:crypto';

const require = createRequire(import.meta.url);
const ASSETS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../views/assets');

/**
 * Static assets are served by the app itself from an allowlist (no CDN: hospitals run on closed
 * networks, and nothing outside this list can ever be served from disk).
 */
const ASSET_SOURCES: Record<string, { file: string; type: string }> = {
  'carewell.css': { file: path.join(ASSETS_DIR, 'carewell.css'), type: 'text/css; charset=utf-8' },
  'app.js': { file: path.join(ASSETS_DIR, 'app.js'), type: 'text/javascript; charset=utf-8' },
  'favicon.svg': { file: path.join(ASSETS_DIR, 'favicon.svg'), type: 'image/svg+xml' },
  'htmx.min.js': { file: require.resolve('htmx.org/dist/htmx.min.js'), type: 'text/javascript; charset=utf-8' },
  // Chart.js (MIT) for vital-sign trends; its package exports only the module builds, so the UMD
  // file is found beside the main entry.
  'chart.umd.min.js': {
    file: path.join(path.dirname(require.resolve('chart.js')), 'chart.umd.min.js'),
    type: 'text/javascript; charset=utf-8',
  },
  'vitals-chart.js': { file: path.join(ASSETS_DIR, 'vitals-chart.js'), type: 'text/javascript; charset=utf-8' },
  // Billing's card page with Stripe (mounts Stripe's Payment Element).
  'stripe-card.js': { file: path.join(ASSETS_DIR, 'stripe-card.js'), type: 'text/javascript; charset=utf-8' },
};

export function registerAssetRoutes(app: FastifyInstance, extra: Record<string, { file: string; type: string }> = {}): void {
  const assets = new Map<string, { body: Buffer; type: string; etag: string }>();
  for (const [name, source] of Object.entries({ ...ASSET_SOURCES, ...extra })) {
    const body = readFileSync(source.file);
    assets.set(name, { body, type: source.type, etag: `"${createHash('sha256').update(body).digest('hex').slice(0, 16)}"` });
  }
  app.get<{ Params: { name: string } }>('/assets/:name', { config: { permission: 'public' } }, async (request, reply) => {
    const asset = assets.get(request.params.name);
    if (!asset) return reply.callNotFound();
    if (request.headers['if-none-match'] === asset.etag) return reply.status(304).send();
    return reply
      .header('content-type', asset.type)
      .header('cache-control', 'public, max-age=3600')
      .header('etag', asset.etag)
      .send(asset.body);
  });
}
