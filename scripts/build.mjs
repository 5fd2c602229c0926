// `npm run build`: compiles src/ to dist/ with tsc, then copies every non-TypeScript file the
// code reads at run time (locales, reference data, CSS/JS assets, password list). Plain JavaScript
// so it runs with node alone. dist/ mirrors src/, so paths resolved from import.meta.url (and
// drizzle/ three levels up) hold in both trees.
//
// Last, dist/server.js is replaced by one bundle of the server and most of its packages: loading
// some two thousand small modules one by one was a third of the time from `npm start` to ready.
// The other entries (worker, CLI commands, worker threads) stay as tsc wrote them.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SRC = path.join(ROOT, 'src');
const DIST = path.join(ROOT, 'dist');
const COMPILED = /\.(ts|tsx)$/;

export function copyRuntimeFiles(from = SRC, to = DIST) {
  const copied = [];
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (entry.isDirectory()) {
      copied.push(...copyRuntimeFiles(source, target));
    } else if (!COMPILED.test(entry.name)) {
      mkdirSync(to, { recursive: true });
      copyFileSync(source, target);
      copied.push(path.relative(SRC, source));
    }
  }
  return copied;
}

// Packages that stay real imports: native or WebAssembly code, files read from their own folder
// (__dirname), worker threads of their own, and the few loaded only when a feature is first used.
const NOT_BUNDLED = [
  '@electric-sql/pglite',
  '@electric-sql/pglite/*',
  '@node-rs/argon2',
  '@fastify/static',
  '@medplum/core',
  '@fastify/swagger',
  '@fastify/swagger-ui',
  '@simplewebauthn/server',
  'ioredis',
  'node-hl7-client',
  'nodemailer',
  'pdfjs-dist',
  'pg-native',
  'pino',
  'thread-stream',
];

/**
 * Inside the bundle every module's import.meta.url would be the bundle's: each source file's own
 * URL is rebuilt from it, so files found next to the code (locales, assets, migrations, worker
 * threads) resolve in the dist/ tree exactly as they do unbundled.
 */
const keepEachModulesUrl = {
  name: 'keep-each-modules-url',
  setup(build) {
    build.onLoad({ filter: /\.tsx?$/ }, (args) => {
      if (!args.path.startsWith(SRC + path.sep)) return undefined;
      let contents = readFileSync(args.path, 'utf8');
      if (contents.includes('import.meta.url')) {
        const own = `./${path
          .relative(SRC, args.path)
          .split(path.sep)
          .join('/')
          .replace(/\.tsx?$/, '.js')}`;
        contents = contents.replaceAll('import.meta.url', `new URL(${JSON.stringify(own)}, import.meta.url).href`);
      }
      return { contents, loader: args.path.endsWith('.tsx') ? 'tsx' : 'ts' };
    });
  },
};

/**
 * drizzle-orm's `entity.js` (its `is` check, asked many times per query built) replaced in the bundle
 * by scripts/bundle/drizzle-entity.js: the same answers, remembered per class (see that file for
 * why and the figures). The build fails if drizzle's file is no longer found or its exports change,
 * so an upgrade cannot silently drop or break the substitution.
 */
const DRIZZLE_ENTITY = path.join(ROOT, 'scripts', 'bundle', 'drizzle-entity.js');
const DRIZZLE_ENTITY_EXPORTS = 'export { entityKind, hasOwnEntityKind, is };';
function fasterDrizzleIs() {
  let substituted = 0;
  return {
    name: 'faster-drizzle-is',
    setup(build) {
      build.onLoad({ filter: /[\\/]node_modules[\\/]drizzle-orm[\\/]entity\.js$/ }, (args) => {
        const original = readFileSync(args.path, 'utf8').replace(/\s+/g, ' ');
        if (!original.includes(DRIZZLE_ENTITY_EXPORTS)) {
          throw new Error(`${args.path} no longer exports exactly ${DRIZZLE_ENTITY_EXPORTS}: review scripts/bundle/drizzle-entity.js`);
        }
        substituted += 1;
        return { contents: readFileSync(DRIZZLE_ENTITY, 'utf8'), loader: 'js', resolveDir: path.dirname(args.path) };
      });
      build.onEnd((result) => {
        if (result.errors.length === 0 && substituted === 0) {
          throw new Error('drizzle-orm/entity.js was not in the bundle: the faster-drizzle-is substitution no longer applies');
        }
      });
    },
  };
}

async function bundleServer() {
  const esbuild = await import('esbuild');
  await esbuild.build({
    entryPoints: [path.join(SRC, 'server.ts')],
    outfile: path.join(DIST, 'server.js'),
    allowOverwrite: true,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    external: NOT_BUNDLED,
    // Bundled CommonJS packages call require() for Node's own modules.
    banner: {
      js: "import { createRequire as carewellCreateRequire } from 'node:module'; const require = carewellCreateRequire(import.meta.url);",
    },
    plugins: [keepEachModulesUrl, fasterDrizzleIs()],
    // Without comments and layout whitespace: the source text V8 keeps in memory for the whole life of
    // the process shrinks, and (comments were the only non-ASCII text) it is stored one byte per
    // character instead of two. Names are kept, so stack traces still name their functions.
    minifyWhitespace: true,
    minifySyntax: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
}

async function build() {
  rmSync(DIST, { recursive: true, force: true });
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', path.join(ROOT, 'tsconfig.build.json')], { stdio: 'inherit' });
  if (result.status !== 0) {
    rmSync(DIST, { recursive: true, force: true });
    process.exit(result.status ?? 1);
  }
  const copied = copyRuntimeFiles();
  try {
    await bundleServer();
  } catch (error) {
    process.stderr.write(`Bundling the server failed: ${error.message}\n`);
    rmSync(DIST, { recursive: true, force: true });
    process.exit(1);
  }
  // Written last: ensure-build.mjs treats a dist/ without it as an interrupted build.
  writeFileSync(path.join(DIST, '.build-complete'), `${copied.length} runtime files copied\n`);
  process.stdout.write(`Built dist/ (${copied.length} runtime files copied)\n`);
}

await build();
