import { signInStaff } from './sign-in.js';

/**
 * Issue 12: the signing checks for a patient with 20 active medicines stay under 20 ms p99 on
 * PostgreSQL. The demo cardiologist gives the demo patient (on their care team, penicillin
 * allergy) 20 signed medicines, overriding whatever the checks raise, then drafts a 21st and
 * times, one request at a time (the wait one prescriber sees):
 * - the preview (`POST …/check`): the same reads and checks as signing, in one transaction, with
 *   its audit row;
 * - signing itself (`POST …/sign`, overrides given): lock, reads, checks, the signed row, its
 *   alerts and the audit, all or nothing; each signed copy is stopped again (untimed) so every
 *   signing sees the same 20.
 * Latencies are the client's (HTTP included), so the checks alone take less.
 */
export interface SigningOutcome {
  scenario: string;
  requests: number;
  p50: number;
  p99: number;
  max: number;
  alerts: number;
}

const ACTIVE = 20;
const PREVIEWS = Number(process.env.BENCH_SIGNING_PREVIEWS ?? 400);
const SIGNINGS = Number(process.env.BENCH_SIGNING_SIGNINGS ?? 100);
/** Products tried as the 21st; the one raising the most alerts is timed, so the checks have work to do. */
const CANDIDATES = 15;

type Alert = { key: string; requiresOverride: boolean };
type Call = (method: string, path: string, body?: unknown) => Promise<{ status: number; body: Record<string, unknown> }>;

export async function benchSigningChecks(base: string, patientId: string): Promise<SigningOutcome[]> {
  const doctor = await signInStaff(base, 'doctor@carewell.test');
  const call: Call = async (method, path, body) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { ...doctor, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const products = await formularyProducts(call, ACTIVE + CANDIDATES);
  for (const productId of products.slice(0, ACTIVE)) await signWithOverrides(call, await draft(call, patientId, productId));
  const { id: candidate, productId: candidateProduct } = await busiestCandidate(call, patientId, products.slice(ACTIVE));

  const preview: number[] = [];
  let alerts: Alert[] = [];
  for (let i = 0; i < PREVIEWS; i++) {
    const started = performance.now();
    const res = await call('POST', `/api/v1/prescriptions/${candidate}/check`);
    preview.push(performance.now() - started);
    if (res.status !== 200) throw new Error(`preview failed: ${res.status}`);
    alerts = res.body.alerts as Alert[];
  }

  const signing: number[] = [];
  for (let i = 0; i < SIGNINGS; i++) {
    const id = await draft(call, patientId, candidateProduct);
    const overrides = alerts.filter((a) => a.requiresOverride).map((a) => ({ key: a.key, reason: 'Bench: benefit outweighs risk' }));
    const started = performance.now();
    const res = await call('POST', `/api/v1/prescriptions/${id}/sign`, { overrides });
    signing.push(performance.now() - started);
    if (res.status !== 200) throw new Error(`signing failed: ${res.status} ${JSON.stringify(res.body)}`);
    await call('POST', `/api/v1/prescriptions/${id}/stop`, { reason: 'Bench: stopped again' });
  }
  await call('POST', `/api/v1/prescriptions/${candidate}/entered-in-error`, { reason: 'Bench draft' });
  return [
    summary(`POST /api/v1/prescriptions/{id}/check (${ACTIVE} active medicines)`, preview, alerts.length),
    summary(`POST /api/v1/prescriptions/{id}/sign (${ACTIVE} active medicines, overrides given)`, signing, alerts.length),
  ];
}

async function busiestCandidate(call: Call, patientId: string, productIds: string[]): Promise<{ id: string; productId: string }> {
  let best: { id: string; productId: string; alerts: number } | undefined;
  for (const productId of productIds) {
    const id = await draft(call, patientId, productId);
    const alerts = ((await call('POST', `/api/v1/prescriptions/${id}/check`)).body.alerts as Alert[]).length;
    if (!best || alerts > best.alerts) {
      if (best) await call('POST', `/api/v1/prescriptions/${best.id}/entered-in-error`, { reason: 'Bench draft' });
      best = { id, productId, alerts };
    } else await call('POST', `/api/v1/prescriptions/${id}/entered-in-error`, { reason: 'Bench draft' });
  }
  return best!;
}

async function formularyProducts(call: Call, count: number): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  while (ids.length < count) {
    const page = await call(
      'GET',
      `/api/v1/medications/products?onFormulary=true&limit=20${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    const items = page.body.items as { id: string }[];
    ids.push(...items.map((p) => p.id));
    cursor = page.body.nextCursor as string | undefined;
    if (!cursor) break;
  }
  if (ids.length < count) throw new Error(`the formulary has ${ids.length} products, the bench needs ${count}`);
  return ids.slice(0, count);
}

async function draft(call: Call, patientId: string, productId: string): Promise<string> {
  const res = await call('POST', '/api/v1/prescriptions', {
    patientId,
    productId,
    dose: { value: 1, unit: '{tablet}' },
    frequency: { kind: 'times_a_day', times: 1 },
    startsAt: new Date().toISOString(),
    durationDays: 30,
  });
  if (res.status !== 201) throw new Error(`drafting failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as string;
}

/** Signs, giving a reason for every alert that needs one (the 422 names them). */
async function signWithOverrides(call: Call, id: string): Promise<void> {
  let res = await call('POST', `/api/v1/prescriptions/${id}/sign`, { overrides: [] });
  if (res.status === 422 && res.body.code === 'override_required') {
    const overrides = (res.body.alerts as Alert[])
      .filter((a) => a.requiresOverride)
      .map((a) => ({ key: a.key, reason: 'Bench: benefit outweighs risk' }));
    res = await call('POST', `/api/v1/prescriptions/${id}/sign`, { overrides });
  }
  if (res.status !== 200) throw new Error(`signing failed: ${res.status} ${JSON.stringify(res.body)}`);
}

function summary(scenario: string, ms: number[], alerts: number): SigningOutcome {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (q: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]! * 10) / 10;
  return { scenario, requests: ms.length, p50: at(0.5), p99: at(0.99), max: at(1), alerts };
}

/** The signing rows as a Markdown table. */
export function signingTable(signings: (SigningOutcome & { backend: string })[]): string {
  return [
    'Signing checks (issue 12: the checks, i.e. the preview, p99 under 20 ms on PostgreSQL; signing adds its writes), one request at a time, HTTP included:',
    '',
    '| database | scenario | requests | alerts raised | p50 ms | p99 ms | max ms | met |',
    '|---|---|---:|---:|---:|---:|---:|---|',
    ...signings.map(
      (s) =>
        `| ${s.backend} | ${s.scenario} | ${s.requests} | ${s.alerts} | ${s.p50} | ${s.p99} | ${s.max} | ${!s.scenario.includes('/check') ? '—' : s.p99 < 20 ? 'yes' : '**no**'} |`,
    ),
  ].join('\n');
}
