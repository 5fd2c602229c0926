import { expect, test, type Page } from '@playwright/test';
import { expectedMay, type ExpectedRole } from '../test/authz/expected-access.js';
import { EXPECTED_PAGE_ROUTES } from '../test/authz/expected-page-routes.js';
import { GET_PAGE_ROUTES } from '../test/authz/page-route-patterns.js';
import { expectAccessible } from './helpers/axe.js';
import { TOTP } from 'otpauth';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET, signIn } from './helpers/session.js';

/**
 * Issue 10, "everything built is reachable": per role, a browser starts at the home page and
 * follows same-origin links breadth-first (GET only, as a person clicking would), then every page
 * route the role may open is asserted reached. The routes come from the reviewed route table
 * (test/authz/expected-page-routes.ts, held equal to the live registry by the authorization
 * matrix) and the reviewed grants (expected-access.ts), so a new page nobody links to fails here.
 *
 * Not required: routes with a path parameter (they are reached through a list, and the crawl
 * follows such links too), public and sign-in pages, and the explicit exclusions below.
 */

/** Page routes that are deliberately not linked as such, for every role. */
const NOT_LINKED: Record<string, string> = {
  // The second sign-in step: only exists in the middle of a sign-in.
  'GET /login/otp': 'mid sign-in only',
  // htmx fragments polled or fetched by a page, not pages.
  'GET /notifications/unread-badge': 'fragment of the notification bell',
  'GET /reference/allergy-substances/options': 'fragment of the allergy field',
  'GET /staff/remote-monitoring/board': 'fragment of the remote-monitoring board (swapped in on its live event)',
  'GET /staff/vitals/board/table': 'fragment of the critical patients board (swapped in on its live events)',
  'GET /staff/ed/board': 'fragment of the emergency department board (swapped in on its live events)',
  // Steps that need what the previous step chose (a slot, an appointment) in the query: reached by
  // choosing a slot or an appointment row, like a page with an id.
  'GET /portal/appointments/book/confirm': 'needs a chosen slot',
  'GET /staff/schedule/book/confirm': 'needs a chosen slot',
  'GET /staff/encounters/new': 'needs ?appointmentId=: reached from an appointment row (today list, calendar)',
  // A download, not a page (linked from the health record; the crawl does not download).
  'GET /portal/health-record.pdf': 'download',
  // The audit CSV is sent by the audit page's filter form (POST: names stay out of URLs); a GET
  // export is only for scripts.
  'GET /admin/audit/export.csv': 'download, sent by the filter form',
  // The day's reconciliation as CSV: a download link on the reconciliation page.
  'GET /staff/billing/reports/reconciliation.csv': 'download',
};

/** Deliberate exclusions for one role only. */
const FRONT_DESK_ONLY = {
  // The schedule board is the front desk's (registration tier): it refuses clinicians, whose own
  // appointments are in their calendar.
  'GET /staff/schedule': 'front desk only',
};
const NOT_BOOKABLE = {
  ...FRONT_DESK_ONLY,
  // No calendar of their own: nobody books them (they hold no availability). They see a patient's
  // appointments through the patient.
  'GET /staff/calendar': 'not bookable',
};
const NOT_A_CLINICIAN = {
  // Assigned patients are a clinician's list (care teams); the registration tier works from the
  // schedule and the patient search.
  'GET /staff/my-patients': 'a clinician list',
};
// The emergency department's own pages: the demo's doctor and nurse work in cardiology, so their
// /staff/ed explains that the board is the ED's, with no board and no arrival form (docs/emergency.md).
// The ED's own doctor and nurse (crawled below as accounts of their own) reach them.
const NOT_IN_ED = { ...FRONT_DESK_ONLY, 'GET /staff/ed/arrivals/new': 'the emergency department’s doctors and nurses only' };
const NOT_LINKED_FOR: Partial<Record<ExpectedRole, Record<string, string>>> = {
  doctor: NOT_IN_ED,
  nurse: NOT_IN_ED,
  radiologist: FRONT_DESK_ONLY,
  pharmacist: NOT_BOOKABLE,
  lab_technician: NOT_BOOKABLE,
  radiographer: NOT_BOOKABLE,
  paramedic: NOT_BOOKABLE,
  receptionist: NOT_A_CLINICIAN,
  billing: NOT_A_CLINICIAN,
};

/**
 * Pages with an id a role must also reach through its lists (the demo data guarantees the rows):
 * a clinician's patients open the chart, and the chart opens the patient's documents, care plans,
 * history, and (for the care team) devices and monitoring, the care-team tasks and the care team's
 * messages (docs/messaging.md).
 */
const CHART_PAGES = [
  'GET /staff/patients/:id',
  'GET /staff/patients/:id/chart',
  'GET /staff/patients/:id/documents',
  'GET /staff/patients/:id/care-plans',
  'GET /staff/patients/:id/timeline',
  'GET /staff/patients/:id/devices',
  'GET /staff/patients/:id/tasks',
  'GET /staff/patients/:id/messages',
];
/** The demo's answered conversation (docs/demo.md): Maria Santos's, opened from each side's messages list. */
const THREAD_PAGE = 'GET /staff/patient-messages/:id';
// Billing reaches a patient's billing from its queue and an invoice from there; a patient their bill
// from My bills and their conversation from Messages.
const THROUGH_LISTS: Partial<Record<ExpectedRole, string[]>> = {
  doctor: [...CHART_PAGES, THREAD_PAGE],
  nurse: [...CHART_PAGES, THREAD_PAGE],
  // The billing tier's encounter page is linked from an invoice's lines (and a patient's billing page).
  billing: ['GET /staff/billing/patients/:id', 'GET /staff/billing/invoices/:id', 'GET /staff/billing/encounters/:id'],
  patient: ['GET /portal/bills/:id', 'GET /portal/messages/:id'],
  // An ambulance unit is opened from the fleet's list (docs/emergency.md).
  admin: ['GET /admin/emergency/units/:id'],
};

/**
 * The emergency department's doctor and nurse: the board lists the demo's walk-ins, each opening its
 * arrival page, which opens the chart (the ED's clinicians are on the care team for the stay).
 */
const ED_THROUGH_LISTS = ['GET /staff/ed/arrivals/:id', 'GET /staff/patients/:id/chart'];

const HOME: Record<string, string> = { patient: '/portal' };

interface Account {
  role: ExpectedRole;
  email: string;
  staff: boolean;
  /** The privacy-review queue needs the privacyOfficer flag besides the permission (docs/demo.md). */
  privacyOfficer?: boolean;
  /** The dispatch board needs the dispatcher flag (or the emergency department) besides the permission. */
  dispatcher?: boolean;
  /** A doctor or nurse of the emergency department (docs/emergency.md): the ED's own pages, the test's own name. */
  ed?: boolean;
}

const nameOf = (account: Account) => (account.ed ? `${account.role} (emergency department)` : account.role);
const excludedFor = (account: Account) => (account.ed ? FRONT_DESK_ONLY : (NOT_LINKED_FOR[account.role] ?? {}));
const throughListsOf = (account: Account) => (account.ed ? ED_THROUGH_LISTS : (THROUGH_LISTS[account.role] ?? []));

const ACCOUNTS: Account[] = [
  { role: 'patient', email: 'patient@carewell.test', staff: false },
  { role: 'doctor', email: 'doctor@carewell.test', staff: true },
  { role: 'nurse', email: 'nurse@carewell.test', staff: true },
  { role: 'receptionist', email: 'reception@carewell.test', staff: true, dispatcher: true },
  { role: 'admin', email: 'admin@carewell.test', staff: true, privacyOfficer: true },
  { role: 'pharmacist', email: 'pharmacist@carewell.test', staff: true },
  { role: 'lab_technician', email: 'lab@carewell.test', staff: true },
  { role: 'radiologist', email: 'radiology@carewell.test', staff: true },
  { role: 'radiographer', email: 'radiographer@carewell.test', staff: true },
  { role: 'billing', email: 'billing@carewell.test', staff: true },
  { role: 'inventory_manager', email: 'inventory@carewell.test', staff: true },
  { role: 'paramedic', email: 'paramedic@carewell.test', staff: true },
  { role: 'doctor', email: 'eddoctor@carewell.test', staff: true, dispatcher: true, ed: true },
  { role: 'nurse', email: 'ednurse@carewell.test', staff: true, dispatcher: true, ed: true },
];

/** Pages that carry the links this issue added: checked with axe once each, on the way. */
const AXE_ONCE = new Set([
  'GET /portal/health-record',
  'GET /portal/appointments',
  'GET /staff/calendar',
  'GET /staff/directory',
  'GET /staff/schedule',
  'GET /staff/patients/:id/chart',
]);

/** At most this many URLs of one route are opened (calendar days, patients, encounters …). */
const PER_ROUTE = 3;
const MAX_VISITS = 250;

const ROUTES = GET_PAGE_ROUTES;
const routeOf = (pathname: string) => ROUTES.find((r) => r.pattern.test(pathname));

/** What the role must reach: its own side of the app, routes it may open, without an id. */
function required(account: Account): string[] {
  return ROUTES.filter((r) => !r.hasParams)
    .map((r) => r.key)
    .filter((key) => {
      const permission = EXPECTED_PAGE_ROUTES[key]!;
      if (permission === 'public' || !expectedMay(account.role, permission)) return false;
      const path = key.slice(4);
      // The portal is the patient's side; /staff and /admin are the staff's (a patient holds
      // e.g. staff.directory for choosing a clinician while booking, not to open the staff pages).
      if (account.staff ? path.startsWith('/portal') : path.startsWith('/staff') || path.startsWith('/admin')) return false;
      // Privacy-review queue and audit trail: the permission is every staff member's, the service
      // admits administrators and privacy officers only (the flag, docs/demo.md).
      if (key === 'GET /staff/privacy-reviews' && !account.privacyOfficer) return false;
      if (key === 'GET /admin/audit' && !account.privacyOfficer) return false;
      // Dispatch board: every staff role holds the permission, the service admits dispatch staff only
      // (the dispatcher flag, or the emergency department's doctors and nurses; docs/emergency.md).
      if (key === 'GET /staff/dispatch' && !account.dispatcher) return false;
      return !(key in NOT_LINKED) && !(key in excludedFor(account));
    });
}

/** The links on the page a person could follow: same origin, GET, not a download nor sign-out. */
async function linksOn(page: Page): Promise<string[]> {
  return page.$$eval('a[href]', (anchors) =>
    anchors
      // Links inside a message shown in the demo outbox are addressed to its recipient, not to the viewer.
      .filter(
        (a) =>
          !a.hasAttribute('download') &&
          !a.closest('[data-message-body]') &&
          (!a.getAttribute('target') || a.getAttribute('target') === '_self'),
      )
      .map((a) => (a as HTMLAnchorElement).href),
  );
}

function followable(url: URL, origin: string): boolean {
  if (url.origin !== origin) return false;
  if (/\.(pdf|ics|csv)$/i.test(url.pathname) || url.pathname.endsWith('/download')) return false;
  if (url.pathname === '/logout' || url.pathname.startsWith('/api/') || url.pathname.startsWith('/assets/')) return false;
  return true;
}

/**
 * Staff sign-in with the demo second factor. Every demo account shares one secret but a code is
 * refused only when the same account used it in the same 30-second window, so eleven different
 * accounts need not wait for eleven windows (session.ts's freshTotp waits per secret). Only if an
 * earlier test signed this account in during this window is the code refused: then the next
 * window's code is used.
 */
async function signInStaff(page: Page, email: string): Promise<void> {
  await page.goto('/login');
  await page.locator('#f-email').fill(email);
  await page.locator('#f-password').fill(DEMO_PASSWORD);
  await page.locator('form[action^="/login"] button[type=submit]').first().click();
  await expect(page).toHaveURL(/\/login\/otp/);
  const totp = new TOTP({ secret: DEMO_TOTP_SECRET });
  for (let attempt = 0; attempt < 2; attempt++) {
    if (attempt > 0) await page.waitForTimeout(30_000 - (Date.now() % 30_000) + 200);
    await page.locator('#f-otp').fill(totp.generate());
    await page.locator('form[action^="/login/otp"] button[type=submit]').click();
    await page.waitForLoadState();
    if (!new URL(page.url()).pathname.startsWith('/login')) return;
  }
  throw new Error(`${email}: the second factor was refused twice`);
}

async function crawl(page: Page, start: string) {
  const origin = new URL(page.url()).origin;
  const reached = new Set<string>();
  const broken: string[] = [];
  const perRoute = new Map<string, number>();
  const seen = new Set<string>([start]);
  const queue = [start];
  let visits = 0;
  while (queue.length > 0 && visits < MAX_VISITS) {
    const target = queue.shift()!;
    visits++;
    const response = await page.goto(target);
    const status = response?.status() ?? 0;
    const landed = new URL(page.url());
    if (status >= 400) {
      broken.push(`${target} → ${status}`);
      continue;
    }
    const route = routeOf(landed.pathname);
    if (route && !reached.has(route.key) && AXE_ONCE.has(route.key)) await expectAccessible(page);
    if (route) reached.add(route.key);
    for (const href of await linksOn(page)) {
      const url = new URL(href);
      url.hash = '';
      if (!followable(url, origin) || seen.has(url.href)) continue;
      seen.add(url.href);
      const linked = routeOf(url.pathname);
      const key = linked?.key ?? url.pathname;
      const count = perRoute.get(key) ?? 0;
      if (count >= PER_ROUTE) continue;
      perRoute.set(key, count + 1);
      queue.push(url.pathname + url.search);
    }
  }
  return { reached, broken, visits };
}

test.describe('every page a role may open is reachable by following links from its home', () => {
  for (const account of ACCOUNTS) {
    test(nameOf(account), async ({ page }) => {
      test.setTimeout(180_000);
      if (account.staff) await signInStaff(page, account.email);
      else await signIn(page, account.email, DEMO_PASSWORD);
      const home = HOME[account.role] ?? '/staff';
      const { reached, broken, visits } = await crawl(page, home);
      const must = [...required(account), ...throughListsOf(account)];
      expect(must.length, 'the route table was read').toBeGreaterThan(5);
      const missing = must.filter((key) => !reached.has(key));
      test.info().annotations.push({ type: 'reached', description: `${visits} pages: ${[...reached].sort().join(', ')}` });
      expect(missing, `not reached by ${nameOf(account)} in ${visits} pages`).toEqual([]);
      expect(broken, `links that fail for ${nameOf(account)}`).toEqual([]);
    });
  }
});
