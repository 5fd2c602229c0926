// `npm run build`: compiles src/ to dist/ with tsc, then copies every non-TypeScript file the
// code reads at run time (locales, reference data, CSS/JS assets, password list). Plain JavaScript
// so it runs with node alone. dist/ mirrors src/, so paths resolved from import.meta.url (and
// drizzle/ three levels up) hold in both trees.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
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

function build() {
  rmSync(DIST, { recursive: true, force: true });
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', path.join(ROOT, 'tsconfig.build.json')], { stdio: 'inherit' });
  if (result.status !== 0) {
    rmSync(DIST, { recursive: true, force: true });
    process.exit(result.status ?? 1);
  }
  const copied = copyRuntimeFiles();
  // Written last: ensure-build.mjs treats a dist/ without it as an interrupted build.
  writeFileSync(path.join(DIST, '.build-complete'), `${copied.length} runtime files copied\n`);
  process.stdout.write(`Built dist/ (${copied.length} runtime files copied)\n`);
}

build();
