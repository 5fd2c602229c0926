// The dependency audit in CI: fails on a high or critical advisory of a production dependency
// (`npm audit --omit=dev`) unless scripts/audit-allowlist.json holds a reviewed exception for it.
// An unreachable registry (offline, a mirror without the audit endpoint) is a warning, not a
// failure: the audit then did not run, and says so.
//
//   node scripts/audit-dependencies.mjs                 runs npm audit
//   node scripts/audit-dependencies.mjs --report f.json reads a saved `npm audit --json` report
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ALLOWLIST = path.join(ROOT, 'scripts', 'audit-allowlist.json');
const FAILING = new Set(['high', 'critical']);
/** A reviewed exception older than this is reported, so it gets looked at again. */
const REVIEW_AGE_DAYS = 180;

function loadAllowlist() {
  const { advisories = {} } = JSON.parse(readFileSync(ALLOWLIST, 'utf8'));
  for (const [id, entry] of Object.entries(advisories)) {
    if (typeof entry?.reason !== 'string' || !entry.reason.trim() || !/^\d{4}-\d{2}-\d{2}$/.test(entry?.reviewed ?? '')) {
      console.error(`audit-allowlist.json: ${id} needs a "reason" and a "reviewed" date (YYYY-MM-DD).`);
      process.exit(1);
    }
  }
  return advisories;
}

function readReport(args) {
  const at = args.indexOf('--report');
  if (at >= 0) return readFileSync(args[at + 1], 'utf8');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const run = spawnSync(npm, ['audit', '--omit=dev', '--json'], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: 120_000,
  });
  if (run.error) return JSON.stringify({ error: { summary: run.error.message } });
  return run.stdout;
}

/** The advisories of one report: { id, ghsa, url, title, severity, package }. */
function advisoriesOf(report) {
  const found = new Map();
  for (const vulnerability of Object.values(report.vulnerabilities ?? {})) {
    for (const via of vulnerability.via ?? []) {
      if (typeof via !== 'object' || via === null) continue; // a name: the advisory is listed under that package
      const ghsa = /GHSA-[\w-]+/.exec(via.url ?? '')?.[0];
      const id = String(via.source ?? ghsa ?? via.url);
      found.set(id, { id, ghsa, url: via.url, title: via.title, severity: via.severity, package: via.name ?? vulnerability.name });
    }
  }
  return [...found.values()];
}

const text = readReport(process.argv.slice(2));
let report;
try {
  report = JSON.parse(text);
} catch {
  report = { error: { summary: 'npm audit did not answer with JSON' } };
}
if (!report.vulnerabilities) {
  const why = report.error?.summary || report.message || report.error?.detail || 'no answer';
  console.warn(
    `WARNING: the dependency audit could not run (the registry's audit endpoint is unreachable: ${why}). Run it again where the registry answers.`,
  );
  process.exit(0);
}

const allowlist = loadAllowlist();
const advisories = advisoriesOf(report);
const failing = [];
const allowed = [];
for (const advisory of advisories.filter((a) => FAILING.has(a.severity))) {
  const entry = allowlist[advisory.ghsa ?? ''] ?? allowlist[advisory.id];
  (entry ? allowed : failing).push({ ...advisory, entry });
}
const seen = new Set(advisories.flatMap((a) => [a.id, a.ghsa].filter(Boolean)));
const now = Date.now();
for (const [id, entry] of Object.entries(allowlist)) {
  if (!seen.has(id)) console.warn(`WARNING: audit-allowlist.json lists ${id}, which the audit no longer reports: remove the entry.`);
  else if ((now - Date.parse(`${entry.reviewed}T00:00:00Z`)) / 86_400_000 > REVIEW_AGE_DAYS) {
    console.warn(
      `WARNING: the exception for ${id} was reviewed on ${entry.reviewed}, more than ${REVIEW_AGE_DAYS} days ago: review it again.`,
    );
  }
}
for (const a of allowed)
  console.log(`allowed (reviewed ${a.entry.reviewed}): ${a.severity} ${a.package}: ${a.title} ${a.url ?? ''} — ${a.entry.reason}`);
const counts = report.metadata?.vulnerabilities ?? {};
console.log(
  `npm audit, production dependencies: ${['critical', 'high', 'moderate', 'low'].map((s) => `${counts[s] ?? 0} ${s}`).join(', ')}.`,
);
if (failing.length > 0) {
  for (const a of failing)
    console.error(`${a.severity.toUpperCase()} ${a.package}: ${a.title} ${a.url ?? ''} (advisory ${a.ghsa ?? a.id})`);
  console.error(
    `${failing.length} high or critical advisor${failing.length === 1 ? 'y' : 'ies'} in production dependencies. Upgrade, or add a reviewed exception to scripts/audit-allowlist.json.`,
  );
  process.exit(1);
}
console.log('No high or critical advisory in the production dependencies.');
