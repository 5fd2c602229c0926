import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';

const require = createRequire(import.meta.url);
const VIEWS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'views');
const pdfjsBuild = path.join(path.dirname(require.resolve('pdfjs-dist/package.json')), 'build');
const JS = 'text/javascript; charset=utf-8';

/** The PDF viewer's files: pdf.js and its worker from node_modules, our viewer script and styles. An allowlist. */
const SOURCES: Record<string, { file: string; type: string }> = {
  'pdf.min.mjs': { file: path.join(pdfjsBuild, 'pdf.min.mjs'), type: JS },
  'pdf.worker.min.mjs': { file: path.join(pdfjsBuild, 'pdf.worker.min.mjs'), type: JS },
  'document-viewer.mjs': { file: path.join(VIEWS, 'document-viewer.mjs'), type: JS },
  'document-viewer.css': { file: path.join(VIEWS, 'document-viewer.css'), type: 'text/css; charset=utf-8' },
};

export function registerDocumentAssets(app: FastifyInstance): void {
  const assets = new Map<string, { body: Buffer; type: string; etag: string }>();
  for (const [name, source] of Object.entries(SOURCES)) {
    const body = readFileSync(source.file);
    assets.set(name, { body, type: source.type, etag: `"${createHash('sha256').update(body).digest('hex').slice(0, 16)}"` });
  }
  app.get<{ Params: { name: string } }>(
    '/assets/records/:name',
    { config: { permission: 'public' }, schema: { hide: true } },
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
