import { randomUUID } from 'node:crypto';
import type { InjectOptions } from 'fastify';
import { expect } from 'vitest';
import type { TestApp } from '../helpers/app.js';
import { countAppStatements, type AppStatementCounter } from '../helpers/query-count.js';
import { openDemoHospital, type DemoAccount, type SignedIn } from './demo-hospital-fixture.js';
import { addListedItems, growHospital } from './grow-hospital.js';
import { crawlFrom, linksIn } from './page-crawl.js';
import { PAGE_MEASURES, type Ids, type Viewer } from './page-measures.js';

/** One request to count: a page (browser session) or an API call (bearer token). */
export interface PlannedRequest {
  route: string;
  viewer: Viewer;
  state?: string;
  method: 'GET' | 'POST';
  url: string;
  /** API calls only; built again for every send (a booking needs a new free slot each time). */
  body?: (ids: Ids) => Promise<unknown>;
  api?: boolean;
  /** A page rendered by posting a form (a search that keeps names out of URLs): its fields and the page holding it. */
  form?: { page: string; fields: Record<string, string> };
}

export interface Counted extends PlannedRequest {
  before: number;
  after: number;
  /** Response sizes, to show the grown data reached the page. */
  bytesBefore: number;
  bytesAfter: number;
  /** The statements of each send, to show what grew. */
  statementsBefore: readonly string[];
  statementsAfter: readonly string[];
}

/** Lets work the request left behind (after-commit hooks, event fan-out) finish before reading the count. */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setTimeout(resolve, 5));
}

function credentialOf(accounts: Map<DemoAccount, SignedIn>, viewer: Viewer, api: boolean): Record<string, string> {
  if (viewer === 'anonymous') return {};
  const who = accounts.get(viewer)!;
  return api ? { authorization: `Bearer ${who.token}` } : { cookie: who.cookie };
}

/** The inject options of one send, made before counting (a form needs its page's CSRF token first). */
export async function prepare(t: TestApp, ids: Ids, p: PlannedRequest): Promise<InjectOptions> {
  const credential = credentialOf(ids.accounts, p.viewer, Boolean(p.api));
  if (p.form) {
    // As a browser would: open the page with the form, then post it with its token and a new key.
    const page = await t.app.inject({ method: 'GET', url: p.form.page, headers: credential });
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
    if (!token) throw new Error(`no form on ${p.form.page} (${page.statusCode})`);
    const cookies = [credential.cookie, ...page.cookies.map((c) => `${c.name}=${c.value}`)].filter(Boolean).join('; ');
    const payload = new URLSearchParams({ ...p.form.fields, _csrf: token, _idempotency: randomUUID() }).toString();
    return {
      method: 'POST',
      url: p.url,
      headers: { cookie: cookies, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      payload,
    };
  }
  const body = p.body ? await p.body(ids) : undefined;
  return {
    method: p.method,
    url: p.url,
    headers: { ...credential, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
  };
}

/**
 * One request's statements: sent once to warm what a first view fills (a first-visit row), then
 * counted on the second send, with the session cache emptied first: its entries live 5 s of real
 * time, so a warm cache would make the count depend on the machine's speed. Every signed-in count
 * therefore includes the session lookup that a cache miss costs.
 */
async function countOnce(t: TestApp, ids: Ids, counter: AppStatementCounter, p: PlannedRequest) {
  const warm = await t.app.inject(await prepare(t, ids, p));
  // A redirect is an answer too (the public home sends a visitor to sign in).
  if (warm.statusCode >= 400) throw new Error(`${p.method} ${p.url}: ${warm.statusCode} ${warm.body.slice(0, 300)}`);
  await settle();
  const options = await prepare(t, ids, p);
  t.app.deps.sessionCache.invalidate('all');
  counter.reset();
  const response = await t.app.inject(options);
  await settle();
  const statements = [...counter.statements()];
  expect(response.statusCode, `${p.method} ${p.url}`).toBe(warm.statusCode);
  return { statements, bytes: response.rawPayload.length };
}

export interface Hospital {
  ids: Ids;
  counter: AppStatementCounter;
}

/** The demo hospital with one of each listed item, a session per role, and the statement counter. */
export async function openHospital(t: TestApp): Promise<Hospital> {
  const accounts = await openDemoHospital(t);
  await addListedItems(t, accounts);
  const counter = countAppStatements(t);
  const ids: Ids = {
    t,
    accounts,
    async firstLinkOn(viewer, page, prefix) {
      const response = await t.app.inject({ method: 'GET', url: page, headers: credentialOf(accounts, viewer, false) });
      const link = linksIn(response.body).find((href) => href.startsWith(prefix));
      if (!link) throw new Error(`no link to ${prefix} on ${page} (${response.statusCode})`);
      return link;
    },
    async one(query) {
      // The Db type spans both drivers, so the result's shape is given here (both answer `rows`).
      const { rows } = (await t.db.execute(query)) as { rows: Record<string, string>[] };
      const value = rows[0] && Object.values(rows[0])[0];
      if (!value) throw new Error(`no row for ${JSON.stringify(query)}`);
      return value;
    },
  };
  return { ids, counter };
}

const homeOf = (viewer: Viewer) => (viewer === 'patient' ? '/portal' : '/staff');

/** Each page's URL: crawled from the viewer's home as a person would click, or built from seeded ids. */
export async function planPages(hospital: Hospital, routes: string[]): Promise<PlannedRequest[]> {
  const { ids } = hospital;
  const crawled = new Map<Viewer, Map<string, string>>();
  const plan: PlannedRequest[] = [];
  for (const route of routes) {
    for (const measure of PAGE_MEASURES[route]!) {
      let url: string | undefined;
      if (measure.url) url = await measure.url(ids);
      // A role's home needs no crawl (a crawl only finds the URLs, e2e proves reachability).
      else if (route === `GET ${homeOf(measure.viewer)}`) url = homeOf(measure.viewer);
      else {
        const viewer = measure.viewer as DemoAccount;
        if (!crawled.has(viewer)) crawled.set(viewer, await crawlFrom(ids.t, ids.accounts.get(viewer)!.cookie, homeOf(viewer)));
        url = crawled.get(viewer)!.get(route);
      }
      if (!url) throw new Error(`${route}: the ${measure.viewer} crawl did not reach it; give it a URL in page-measures.ts`);
      plan.push({
        route,
        viewer: measure.viewer,
        ...(measure.state ? { state: measure.state } : {}),
        method: measure.form ? 'POST' : 'GET',
        url,
        ...(measure.form ? { form: { page: url, fields: measure.form } } : {}),
      });
    }
  }
  return plan;
}

/** Counts every planned request, grows the data behind them all, and counts again. */
export async function countBeforeAndAfterGrowth(hospital: Hospital, plan: PlannedRequest[]): Promise<Counted[]> {
  const { ids, counter } = hospital;
  const before = [];
  for (const p of plan) before.push(await countOnce(ids.t, ids, counter, p));
  await growHospital(ids.t, ids.accounts);
  const counts: Counted[] = [];
  for (const [i, p] of plan.entries()) {
    const after = await countOnce(ids.t, ids, counter, p);
    counts.push({
      ...p,
      before: before[i]!.statements.length,
      after: after.statements.length,
      bytesBefore: before[i]!.bytes,
      bytesAfter: after.bytes,
      statementsBefore: before[i]!.statements,
      statementsAfter: after.statements,
    });
  }
  return counts;
}

/** `GET /staff as doctor`, with the state when a route is counted in several. */
export function measureKey(c: { route: string; viewer: string; state?: string }): string {
  return `${c.route} as ${c.viewer}${c.state ? ` (${c.state})` : ''}`;
}

/** The route → statements table printed by each run (sizes show the grown data reached the answer). */
export function formatCounts(counts: Counted[]): string {
  const rows = counts.map(
    (c) =>
      `${measureKey(c).padEnd(64)} ${String(c.before).padStart(4)} ${String(c.after).padStart(6)} ${String(c.bytesBefore).padStart(8)} ${String(c.bytesAfter).padStart(8)}`,
  );
  return [
    `${'route as viewer'.padEnd(64)} ${'seed'.padStart(4)} ${'grown'.padStart(6)} ${'bytes'.padStart(8)} ${'grown'.padStart(8)}`,
    ...rows,
  ].join('\n');
}

/** Why a count changed: the statements whose number differs between the two sends, by text. */
export function diffStatements(c: Counted): string {
  const tally = (list: readonly string[]) => list.reduce((m, q) => m.set(q, (m.get(q) ?? 0) + 1), new Map<string, number>());
  const a = tally(c.statementsBefore);
  const b = tally(c.statementsAfter);
  const lines: string[] = [];
  for (const [q, n] of b) if ((a.get(q) ?? 0) !== n) lines.push(`  ${a.get(q) ?? 0} → ${n}: ${q.slice(0, 300)}`);
  for (const [q, n] of a) if (!b.has(q)) lines.push(`  ${n} → 0: ${q.slice(0, 300)}`);
  return `${measureKey(c)} (${c.url}): ${c.before} → ${c.after}\n${lines.join('\n')}`;
}

/**
 * The assertions every query-count file makes: no count grows with the data (an N+1), and each
 * count is exactly the reviewed number (a new statement on a page is a visible change).
 */
export function expectExactCounts(counts: Counted[], expected: Record<string, number>): void {
  console.log(formatCounts(counts));
  // QUERY_COUNT_SHOW=<regex of route keys>: prints each matching request's statements, to see what a page runs.
  const show = process.env.QUERY_COUNT_SHOW;
  if (show)
    for (const c of counts.filter((c) => new RegExp(show).test(measureKey(c))))
      console.log(`${measureKey(c)}\n  ${c.statementsAfter.map((q) => q.slice(0, 400)).join('\n  ')}`);
  const grew = counts.filter((c) => c.before !== c.after).map(diffStatements);
  expect(grew, 'statements that grow with the data (N+1)').toEqual([]);
  const actual = Object.fromEntries(counts.map((c) => [measureKey(c), c.after]));
  const wanted = Object.fromEntries(counts.map((c) => [measureKey(c), expected[measureKey(c)]]));
  expect(actual, 'statements per request (update expected-statements.ts on purpose)').toEqual(wanted);
}
