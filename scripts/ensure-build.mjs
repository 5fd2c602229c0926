// Runs before the CLI commands (and inside `npm start` and `npm run worker`, through
// scripts/run-built.mjs): builds dist/ when it is missing,
// unfinished, or older than any source file (or the build configuration), so
// `npm install && npm start` works on a fresh clone and after a `git pull`.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// Tests are not built, so editing one does not make dist/ stale.
const TEST_FILE = /(\.test\.tsx?|-test-support\.ts)$/;
const MARKER = path.join(ROOT, 'dist', '.build-complete');

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(full));
    else if (!TEST_FILE.test(entry.name)) newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

function isStale() {
  if (!existsSync(MARKER)) return true;
  const built = statSync(MARKER).mtimeMs;
  const inputs = ['tsconfig.json', 'tsconfig.build.json', 'package-lock.json', 'scripts/build.mjs'].map((f) => path.join(ROOT, f));
  const newestInput = Math.max(newestMtime(path.join(ROOT, 'src')), ...inputs.filter(existsSync).map((f) => statSync(f).mtimeMs));
  return newestInput > built;
}

export function ensureBuild() {
  if (!isStale()) return;
  process.stdout.write('Building Carewell (dist/ is missing or older than src/)…\n');
  const result = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs')], { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) ensureBuild();
