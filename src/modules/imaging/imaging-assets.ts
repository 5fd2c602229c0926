import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';

const require = createRequire(import.meta.url);
const VIEWS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'views');
const JS = 'text/javascript; charset=utf-8';
/** A package's folder, found from its entry file (some packages' `exports` hide package.json). */
function dirOf(pkg: string): string {
  const entry = require.resolve(pkg);
  const marker = `${path.sep}node_modules${path.sep}${pkg}${path.sep}`;
  const at = entry.lastIndexOf(marker);
  if (at < 0) throw new Error(`imaging assets: cannot locate the ${pkg} package`);
  return entry.slice(0, at + marker.length - 1);
}

/**
 * dwv is an ES module that imports its dependencies by bare name ("konva", "jszip",
 * "magic-wand-tool"). A browser needs an import map for that, which is inline script (refused by
 * our CSP): so the app serves dwv with those three names rewritten to the files below, and each
 * dependency's UMD build wrapped as a module with a default export. Each rewrite must happen once,
 * or the app refuses to start (a new dwv version is then looked at, not served broken).
 */
function dwvModule(): Buffer {
  let source = readFileSync(path.join(dirOf('dwv'), 'dist', 'dwv.min.js'), 'utf8');
  for (const [name, file] of [
    ['konva', './konva.mjs'],
    ['jszip', './jszip.mjs'],
    ['magic-wand-tool', './magic-wand.mjs'],
  ] as const) {
    const from = `from"${name}"`;
    if (source.split(from).length !== 2) throw new Error(`dwv: expected one import of ${name}`);
    source = source.replace(from, `from"${file}"`);
  }
  // dwv starts its decoder workers at `new URL("./assets/workers/<name>", base)`, with the page's
  // address as the base: from /staff/imaging/orders/{id}/viewer that would be a staff route. The
  // base becomes dwv's own address, so the workers load from /assets/imaging/assets/workers/.
  const base = 'i.b="undefined"!=typeof document&&document.baseURI||self.location.href';
  if (source.split(base).length !== 2) throw new Error('dwv: expected one worker base URL');
  source = source.replace(base, 'i.b=import.meta.url');
  return Buffer.from(source);
}

const wrapped = (file: string, exported: string) => Buffer.concat([readFileSync(file), Buffer.from(`\nexport default ${exported};\n`)]);

/**
 * dwv's decoders for compressed pixel data (JPEG baseline, JPEG lossless, JPEG 2000, RLE): module
 * workers, plain JavaScript (no WebAssembly, no eval, no imports). Not the labeling and resampling
 * workers: the viewer offers no segmentation or reslicing tool that would start them.
 */
export const DWV_DECODER_WORKERS = ['jpegbaseline', 'jpegloss', 'jpeg2000', 'rle'].map((name) => `${name}.worker.min.js`);
const WORKERS = 'assets/workers/';

/** The viewer's files, an allowlist: dwv and its three dependencies, its decoders, our viewer script and styles. */
function sources(): Record<string, { body: () => Buffer; type: string }> {
  const decoders = Object.fromEntries(
    DWV_DECODER_WORKERS.map((file) => [
      `${WORKERS}${file}`,
      { body: () => readFileSync(path.join(dirOf('dwv'), 'dist', 'assets', 'workers', file)), type: JS },
    ]),
  );
  return {
    ...decoders,
    'dwv.mjs': { body: dwvModule, type: JS },
    'konva.mjs': { body: () => wrapped(path.join(dirOf('konva'), 'konva.min.js'), 'globalThis.Konva'), type: JS },
    'jszip.mjs': { body: () => wrapped(path.join(dirOf('jszip'), 'dist', 'jszip.min.js'), 'globalThis.JSZip'), type: JS },
    'magic-wand.mjs': { body: () => wrapped(path.join(dirOf('magic-wand-tool'), 'dist', 'magic-wand.js'), 'MagicWand'), type: JS },
    'imaging-viewer.mjs': { body: () => readFileSync(path.join(VIEWS, 'imaging-viewer.mjs')), type: JS },
    'imaging-viewer.css': { body: () => readFileSync(path.join(VIEWS, 'imaging-viewer.css')), type: 'text/css; charset=utf-8' },
  };
}

/**
 * `/assets/imaging/:name` and `/assets/imaging/assets/workers/:name`: the files above, read once at
 * start-up, with an ETag from their content.
 * The third-party files change only with a package upgrade, so they are cached for a year; our own
 * two for an hour (they change with a deploy of the app).
 */
export function registerImagingAssets(app: FastifyInstance): void {
  const assets = new Map<string, { body: Buffer; type: string; etag: string; cache: string }>();
  for (const [name, source] of Object.entries(sources())) {
    const body = source.body();
    const ours = name.startsWith('imaging-');
    assets.set(name, {
      body,
      type: source.type,
      etag: `"${createHash('sha256').update(body).digest('hex').slice(0, 16)}"`,
      cache: ours ? 'public, max-age=3600' : 'public, max-age=31536000, immutable',
    });
  }
  for (const [route, prefix] of [
    ['/assets/imaging/:name', ''],
    [`/assets/imaging/${WORKERS}:name`, WORKERS],
  ] as const) {
    app.get<{ Params: { name: string } }>(route, { config: { permission: 'public' }, schema: { hide: true } }, async (request, reply) => {
      const asset = assets.get(`${prefix}${request.params.name}`);
      if (!asset) return reply.callNotFound();
      if (request.headers['if-none-match'] === asset.etag) return reply.status(304).send();
      return reply.header('content-type', asset.type).header('cache-control', asset.cache).header('etag', asset.etag).send(asset.body);
    });
  }
}
