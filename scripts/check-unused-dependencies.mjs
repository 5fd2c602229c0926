// Fails when package.json lists a direct dependency (or devDependency) that nothing uses. A package
// counts as used when:
//   - a source, test, script, benchmark or config file names it in a string (an import, a dynamic
//     import, require.resolve, or a list such as scripts/build.mjs's packages kept out of the bundle);
//   - an npm script runs one of its commands (its package.json "bin");
//   - it is @types/X and X is used (or X is a Node built-in);
//   - INDIRECT below names it, with the reason.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Used without being named in code or run by an npm script. Reviewed by hand: every line says why
 * the package stays. Nothing else belongs here.
 */
const INDIRECT = {
  // (none today)
};

const SOURCE_DIRS = ['src', 'scripts', 'test', 'e2e', 'bench'];
const CODE_FILE = /\.(ts|tsx|mts|cts|js|mjs|cjs)$/;
const SKIP_DIRS = new Set(['node_modules', 'dist', 'results', '.cache']);

function filesUnder(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (SKIP_DIRS.has(entry.name)) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(full));
    else if (CODE_FILE.test(entry.name)) out.push(full);
  }
  return out;
}

const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const declared = [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.devDependencies ?? {})];

const files = [
  ...SOURCE_DIRS.filter((d) => statSync(path.join(ROOT, d), { throwIfNoEntry: false })?.isDirectory()).flatMap((d) =>
    filesUnder(path.join(ROOT, d)),
  ),
  ...readdirSync(ROOT)
    .filter((f) => CODE_FILE.test(f))
    .map((f) => path.join(ROOT, f)),
];
/** Every package name a string literal in the code names ('x', 'x/sub', '@s/x', '@s/x/sub'). */
const named = new Set();
for (const file of files) {
  const text = readFileSync(file, 'utf8');
  for (const match of text.matchAll(/['"`](@[a-z0-9][\w.-]*\/[a-z0-9][\w.-]*|[a-z0-9][\w.-]*)(?:\/[^'"`\s]*)?['"`]/gi)) named.add(match[1]);
}

const scriptWords = new Set(Object.values(pkg.scripts ?? {}).flatMap((s) => s.split(/[\s;&|()]+/)));
function runByScript(name) {
  let bin;
  try {
    bin = JSON.parse(readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8')).bin;
  } catch {
    return false;
  }
  const bins = typeof bin === 'string' ? [name.split('/').pop()] : Object.keys(bin ?? {});
  return bins.some((b) => scriptWords.has(b));
}

const BUILTINS = new Set(['node']);
function used(name) {
  if (name in INDIRECT) return true;
  if (named.has(name) || runByScript(name)) return true;
  const typed = /^@types\/(.+)$/.exec(name)?.[1];
  if (typed) {
    const target = typed.includes('__') ? `@${typed.replace('__', '/')}` : typed;
    return BUILTINS.has(target) || used(target);
  }
  return false;
}

const stale = Object.keys(INDIRECT).filter((name) => !declared.includes(name));
const unused = declared.filter((name) => !used(name));
for (const name of stale)
  console.error(`INDIRECT in scripts/check-unused-dependencies.mjs names ${name}, which package.json does not list: remove the line.`);
for (const name of unused)
  console.error(`${name} is in package.json but nothing uses it: remove it (npm uninstall ${name}), or explain in INDIRECT why it stays.`);
if (unused.length || stale.length) process.exit(1);
console.log(`All ${declared.length} direct dependencies are used.`);
