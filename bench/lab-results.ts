import autocannon from 'autocannon';
import { cpuMsOf } from './processes.js';
import { signInBrowser, signInStaff } from './sign-in.js';

/**
 * Issue 13: a patient's results pages stay under 50 ms p99 with five years of monthly panels.
 * The demo cardiologist orders 60 basic metabolic panels for the demo patient (Maria Santos); the
 * demo technician collects each and files its 8 values (observed a month apart, the oldest five
 * years back, mostly in range, some high or low, none critical); the doctor reviews them all, so
 * chemistry releases them to the patient. All through the API, as people would (the demo's own
 * unreviewed panel stays as it is, counted as pending on the portal).
 *
 * Then, signed in through the pages (cookies, as a browser): the care team's laboratory page of the
 * patient (the 20 latest orders, and per test a trend chart over every value with a table of the
 * 12 latest) as the doctor, and "My lab results" as the patient. Each is timed at 1 connection (the wait one person sees: the
 * target) and at 10 connections (throughput under load), for BENCH_SECONDS each. The server's CPU
 * time per request is reported too: on a machine shared with other work it moves far less than
 * the latencies do. Then one test's full history (`?test=` potassium, 60 rows) on the portal, at 1
 * connection.
 */
export const LAB_RESULTS_TARGET_MS = 50;
const MONTHS = 60;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);

export interface LabResultsOutcome {
  scenario: string;
  connections: number;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  /** Bytes of one answer (the page grows with the values it draws). */
  bytes: number;
  /** CPU time (user + system) the server process spent per request. */
  serverCpuMs: number;
}

/** A typical adult value for each test of the panel, and how far a month may wander from it. */
const PANEL: { test: string; unit: string; centre: number; spread: number }[] = [
  { test: 'NA', unit: 'mmol/L', centre: 139, spread: 4 },
  { test: 'K', unit: 'mmol/L', centre: 4.4, spread: 0.9 },
  { test: 'CL', unit: 'mmol/L', centre: 102, spread: 4 },
  { test: 'HCO3', unit: 'mmol/L', centre: 25, spread: 4 },
  { test: 'BUN', unit: 'mg/dL', centre: 15, spread: 8 },
  { test: 'CREA', unit: 'mg/dL', centre: 0.9, spread: 0.35 },
  { test: 'GLU', unit: 'mg/dL', centre: 105, spread: 30 },
  { test: 'CA', unit: 'mg/dL', centre: 9.4, spread: 0.9 },
];

type Call = (token: { authorization: string }, method: string, path: string, body?: unknown) => Promise<Record<string, unknown>>;

function caller(base: string): Call {
  return async (token, method, path, body) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { ...token, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const answer = (await res.json()) as Record<string, unknown>;
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(answer)}`);
    return answer;
  };
}

/** A deterministic wobble (no randomness: every run seeds the same values). */
const wobble = (month: number, test: number) => Math.sin(month * 0.7 + test * 1.3) * 0.8 + Math.sin(month * 0.13 + test) * 0.2;

/** Orders, collects, results and reviews MONTHS panels; answers the number of values filed. */
export async function seedMonthlyPanels(base: string, patientId: string): Promise<number> {
  const call = caller(base);
  const doctor = await signInStaff(base, 'doctor@carewell.test');
  const technician = await signInStaff(base, 'lab@carewell.test');
  const now = Date.now();
  const orderIds: string[] = [];
  let values = 0;
  for (let month = MONTHS; month >= 1; month--) {
    const order = await call(doctor, 'POST', `/api/v1/patients/${patientId}/lab-orders`, {
      item: 'BMP',
      priority: 'routine',
      indication: 'Monitoring: hypertension on an ACE inhibitor, type 2 diabetes',
    });
    const id = order.id as string;
    await call(technician, 'POST', `/api/v1/lab-orders/${id}/collect`, {});
    const observedAt = new Date(now - month * 30.44 * 86_400_000).toISOString();
    const results = PANEL.map((p, i) => ({
      test: p.test,
      value: Math.round((p.centre + wobble(month, i) * p.spread) * 10) / 10,
      unit: p.unit,
      status: 'final' as const,
      observedAt,
    }));
    await call(technician, 'POST', `/api/v1/lab-orders/${id}/results`, { results });
    values += results.length;
    orderIds.push(id);
  }
  const { reviewed } = (await call(doctor, 'POST', '/api/v1/lab-results/review', { orderIds, comment: 'Stable' })) as {
    reviewed: string[];
  };
  if (reviewed.length !== MONTHS) throw new Error(`only ${reviewed.length} of ${MONTHS} panels were reviewed`);
  return values;
}

async function measure(scenario: string, url: string, cookie: string, connections: number, serverPid: number): Promise<LabResultsOutcome> {
  const first = await fetch(url, { headers: { cookie }, redirect: 'manual' });
  const bytes = (await first.arrayBuffer()).byteLength;
  if (first.status !== 200) throw new Error(`${scenario}: ${first.status}`);
  const cpuBefore = cpuMsOf(serverPid);
  const result = await autocannon({ url, headers: { cookie }, connections, duration: SECONDS });
  // autocannon waits for the answers in flight before it resolves.
  const serverCpuMs = (cpuMsOf(serverPid) - cpuBefore) / Math.max(1, result.requests.total);
  return {
    scenario,
    connections,
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    bytes,
    serverCpuMs,
  };
}

/** Seeds the five years, checks both pages show them, then times both pages. */
export async function benchLabResults(
  base: string,
  patientId: string,
  serverPid: number,
): Promise<{ values: number; outcomes: LabResultsOutcome[] }> {
  const values = await seedMonthlyPanels(base, patientId);
  const doctor = (await signInBrowser(base, 'doctor@carewell.test')).jar.header();
  const patient = (await signInBrowser(base, 'patient@carewell.test')).jar.header();
  const staffUrl = `${base}/staff/patients/${patientId}/lab-orders`;
  const portalUrl = `${base}/portal/lab-results`;
  // The pages must draw what was seeded, or the timings mean nothing.
  for (const [url, cookie] of [
    [staffUrl, doctor],
    [portalUrl, patient],
  ] as const) {
    const html = await (await fetch(url, { headers: { cookie } })).text();
    const charts = html.match(/<svg class="lab-trend"/g)?.length ?? 0;
    if (charts < PANEL.length) throw new Error(`${url}: ${charts} trend charts, expected at least ${PANEL.length}`);
  }
  const outcomes: LabResultsOutcome[] = [];
  for (const connections of [1, 10]) {
    outcomes.push(
      await measure(
        'GET /staff/patients/:id/lab-orders (doctor: 20 latest orders, trends, 12 latest values per test)',
        staffUrl,
        doctor,
        connections,
        serverPid,
      ),
      await measure('GET /portal/lab-results (patient: released values, trends)', portalUrl, patient, connections, serverPid),
    );
  }
  outcomes.push(
    await measure(
      'GET /portal/lab-results?test=2823-3 (patient: potassium, its full table)',
      `${portalUrl}?test=2823-3`,
      patient,
      1,
      serverPid,
    ),
  );
  return { values, outcomes };
}

/** The rows as a Markdown table; `share` gives a throughput as a share of the same run's /healthz. */
export function labResultsTable(
  runs: { backend: string; values: number; outcomes: LabResultsOutcome[] }[],
  share: (backend: string, rps: number) => string,
): string {
  return [
    `Lab results pages (issue 13: p99 under ${LAB_RESULTS_TARGET_MS} ms at 1 connection, the wait one person sees), the demo patient with ${MONTHS} resulted and reviewed basic metabolic panels a month apart (${PANEL.length} values each), ${SECONDS} s per row, HTTP included:`,
    '',
    '| database | page | values | connections | req/s | % of /healthz | p50 ms | p99 ms | server CPU ms per request | KiB | met | non-2xx |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|',
    ...runs.flatMap((run) =>
      run.outcomes.map(
        (o) =>
          `| ${run.backend} | ${o.scenario} | ${run.values} | ${o.connections} | ${o.rps} | ${share(run.backend, o.rps)} | ${o.p50} | ${o.p99} | ${o.serverCpuMs.toFixed(1)} | ${Math.round(o.bytes / 1024)} | ${o.connections > 1 ? '—' : o.p99 < LAB_RESULTS_TARGET_MS ? 'yes' : '**no**'} | ${o.non2xx} |`,
      ),
    ),
  ].join('\n');
}
