import autocannon from 'autocannon';
import { pageRouteOf } from '../test/authz/page-route-patterns.js';
import { signInBrowser } from './sign-in.js';
import { cpuMsOf, postgresCpuMs } from './processes.js';

/**
 * Issue 11, "every other GET HTML page p99 < 50 ms at 20 connections": per demo account, the pages
 * are found the way a person finds them — from the home page, following links breadth-first (GET
 * only) — and each page route is then loaded by itself. The route of a URL comes from the reviewed
 * route table (test/authz/expected-page-routes.ts), so each route is measured once, on the first
 * URL found for it, as the first account that reached it.
 */

/** Pages held to a different bar, and why. */
export const PAGE_TARGET_MS: Record<string, number> = {
  'GET /staff/patients/:id/chart': 100,
};
export const DEFAULT_PAGE_TARGET_MS = 50;

/**
 * Not measured as pages: downloads (PDF, CSV, ICS, files) and the sign-in steps (bound by password
 * hashing on purpose). The crawl never follows them.
 */
export const NOT_MEASURED = [
  'sign-in and its second step (argon2id on purpose)',
  'downloads: PDF (health record, care plans, documents), CSV (audit export), ICS (calendar feed), document files',
];

/** The demo accounts whose pages are measured, with the route each must reach for the run to count. */
export const PAGE_ACCOUNTS = [
  'doctor@carewell.test',
  'patient@carewell.test',
  'nurse@carewell.test',
  'reception@carewell.test',
  'admin@carewell.test',
  'pharmacist@carewell.test',
  'lab@carewell.test',
  'radiology@carewell.test',
  'billing@carewell.test',
  'inventory@carewell.test',
  'paramedic@carewell.test',
];

const MAX_VISITS_PER_ACCOUNT = 120;

function followable(url: URL, origin: string): boolean {
  if (url.origin !== origin) return false;
  if (/\.(pdf|ics|csv)$/i.test(url.pathname) || url.pathname.endsWith('/download') || url.pathname.endsWith('/file')) return false;
  return !['/logout', '/login'].includes(url.pathname) && !url.pathname.startsWith('/api/') && !url.pathname.startsWith('/assets/');
}

function linksIn(html: string, from: URL): URL[] {
  const links: URL[] = [];
  for (const match of html.matchAll(/<a\s[^>]*href="([^"]+)"[^>]*>/g)) {
    if (/\sdownload[\s=>]/.test(match[0]) || /target="_blank"/.test(match[0])) continue;
    const href = match[1]!.replace(/&amp;/g, '&');
    if (href.startsWith('#')) continue;
    links.push(new URL(href, from));
  }
  return links;
}

export interface FoundPage {
  route: string;
  url: string;
  account: string;
  cookie: string;
}

/**
 * Signs the account in and walks its pages; returns one URL per route not already in `found`.
 * The session stays signed in, so the caller measures the pages with it right away (within the
 * staff idle timeout of 15 minutes).
 */
export async function discoverPages(base: string, account: string, known: Set<string>): Promise<FoundPage[]> {
  const { jar, home } = await signInBrowser(base, account);
  const origin = new URL(base).origin;
  const queue = [new URL(home, base)];
  const seen = new Set<string>();
  const found: FoundPage[] = [];
  let visits = 0;
  while (queue.length > 0 && visits < MAX_VISITS_PER_ACCOUNT) {
    const url = queue.shift()!;
    const route = pageRouteOf(url.pathname);
    // One URL per route is enough to measure it and to find the links it offers.
    if (seen.has(url.pathname + url.search) || !route || seen.has(route)) continue;
    seen.add(route);
    seen.add(url.pathname + url.search);
    visits++;
    const answer = await fetch(url, { headers: { cookie: jar.header() }, redirect: 'manual' });
    const html = await answer.text();
    if (answer.status !== 200 || !answer.headers.get('content-type')?.includes('text/html')) continue;
    if (!known.has(route)) {
      known.add(route);
      found.push({ route, url: url.pathname + url.search, account, cookie: jar.header() });
    }
    for (const link of linksIn(html, url)) if (followable(link, origin)) queue.push(link);
  }
  return found;
}

export interface PageRow {
  backend: string;
  route: string;
  account: string;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  /** The page's size as sent (no compression here): what every request writes to its socket. */
  kib: number;
  /** CPU per request: the server's, and PostgreSQL's backends' for this database (null on PGlite, inside the server). */
  serverCpuMs: number;
  postgresCpuMs: number | null;
}

function cpuPerRequest(
  before: { server: number; postgres: number },
  after: { server: number; postgres: number },
  requests: number,
  onPostgres: boolean,
): { serverCpuMs: number; postgresCpuMs: number | null } {
  const per = (ms: number) => Math.round((10 * ms) / Math.max(1, requests)) / 10;
  return { serverCpuMs: per(after.server - before.server), postgresCpuMs: onPostgres ? per(after.postgres - before.postgres) : null };
}

/** Every page the demo accounts reach by clicking (or those of `only`), each loaded by itself (issue 11's page targets). */
export async function benchPages(
  base: string,
  backend: string,
  load: { connections: number; seconds: number; chartSeconds: number; only: readonly string[] | undefined },
  cpu: { serverPid: number; postgresDatabase: string | null },
): Promise<PageRow[]> {
  // Where a page's time goes: at 20 connections the server, PostgreSQL and the load generator share
  // the machine's cores, so throughput alone does not say which side to make cheaper.
  const cpuNow = () => ({
    server: cpuMsOf(cpu.serverPid),
    postgres: cpu.postgresDatabase === null ? 0 : postgresCpuMs(cpu.postgresDatabase),
  });
  const known = new Set<string>();
  const measured: PageRow[] = [];
  for (const account of PAGE_ACCOUNTS) {
    for (const page of await discoverPages(base, account, known)) {
      if (load.only && !load.only.includes(page.route)) continue;
      // One request first: it waits behind whatever the previous page left in flight (autocannon
      // stops sending at its deadline, not receiving), so each page starts on an idle server.
      const body = await fetch(`${base}${page.url}`, { headers: { cookie: page.cookie }, redirect: 'manual' }).then((r) => r.arrayBuffer());
      const before = cpuNow();
      const result = await autocannon({
        url: `${base}${page.url}`,
        headers: { cookie: page.cookie },
        connections: load.connections,
        // The chart is the headline page: measured as long as the API scenarios.
        duration: page.route in PAGE_TARGET_MS ? load.chartSeconds : load.seconds,
      });
      measured.push({
        backend,
        route: page.route,
        account: account.split('@')[0]!,
        rps: Math.round(result.requests.average),
        p50: result.latency.p50,
        p99: result.latency.p99,
        non2xx: result.non2xx,
        kib: Math.round(body.byteLength / 1024),
        ...cpuPerRequest(before, cpuNow(), result.requests.total, cpu.postgresDatabase !== null),
      });
    }
  }
  return measured;
}
