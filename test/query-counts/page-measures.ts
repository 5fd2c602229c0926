import { sql } from 'drizzle-orm';
import type { ExpectedRole } from '../authz/expected-access.js';
import type { TestApp } from '../helpers/app.js';
import { staffMessages, staffThreads } from '../../src/modules/messaging/index.js';
import { storeInboundMessageFixture } from '../helpers/hl7-messages.js';
import type { DemoAccount, SignedIn } from './demo-hospital-fixture.js';

/** Who opens a page for its count: a role's demo account (or the ED's doctor or nurse), or nobody signed in. */
export type Viewer = DemoAccount | 'anonymous';

export interface Ids {
  t: TestApp;
  accounts: Map<DemoAccount, SignedIn>;
  /** The first link on a page (opened as `viewer`) whose path starts with `prefix`. */
  firstLinkOn(viewer: Viewer, page: string, prefix: string): Promise<string>;
  one(query: ReturnType<typeof sql>): Promise<string>;
}

export interface PageMeasure {
  viewer: Viewer;
  /** A label when a route is measured in several states (a search page before and after searching). */
  state?: string;
  /** How to build the URL; when absent, the first URL of the route the viewer's crawl met. */
  url?: (ids: Ids) => Promise<string> | string;
  /**
   * A search whose results a form POSTs back to the page's own path (names stay out of URLs):
   * the fields posted. The form's CSRF token is read from the page first, as a browser would.
   */
  form?: Record<string, string>;
}

const STAFF_ROLES: ExpectedRole[] = [
  'doctor',
  'nurse',
  'receptionist',
  'admin',
  'pharmacist',
  'lab_technician',
  'radiologist',
  'radiographer',
  'billing',
  'inventory_manager',
  'paramedic',
];

const fixed = (url: string) => () => url;
const anonymous = (url: string): PageMeasure[] => [{ viewer: 'anonymous', url: fixed(url) }];

/** Pages with no count: why each one is left out. Everything else must be in PAGE_MEASURES. */
export const NOT_MEASURED: Record<string, string> = {
  'GET /staff/messages/:id/live':
    "the thread page's live fragment (fetched by its script after an event): the thread page's own reads without the page (counted on GET /staff/messages/:id)",
  'GET /staff/vitals/round/:id': "the round's entry form: the round's own statements (counted on GET /staff/vitals/round) and a form",
  'GET /login/otp': 'mid sign-in step: only exists between the password and the second factor',
  'GET /portal/health-record.pdf': 'download (PDF rendered in a worker), not a page',
  'GET /admin/audit/export.csv': 'download (CSV stream), not a page',
  'GET /staff/billing/invoices/:id/pdf': 'download (the invoice PDF), not a page',
  'GET /portal/bills/:id/pdf': 'download (the invoice PDF), not a page',
  'GET /staff/billing/statements/:id/pdf': 'download (the statement PDF), not a page',
  'GET /staff/billing/reports/reconciliation.csv': 'download (CSV export of the day’s reconciliation), not a page',
  'GET /payments/test-gateway/checkout/:id':
    "the built-in test gateway's own hosted card page (stands for the provider's page, e.g. Stripe's), not one of Carewell's pages",
  'GET /payments/test-gateway/confirm/:id': "the test gateway's hosted confirmation step (the provider's page, as above)",
  'GET /calendar/feeds/:token.ics': 'download (ICS feed for calendar apps), not a page',
  'GET /documents/:id/download': 'download (file bytes), not a page',
  'GET /documents/:id/image': 'file bytes for the image viewer, not a page',
  'GET /staff/imaging/orders/:id/instances/:instanceId': 'DICOM bytes for the imaging viewer, not a page',
  'GET /staff/imaging/orders/:id':
    'the demo hospital has no imaging orders yet (docs/imaging.md); counted in src/modules/imaging tests by behaviour only',
  'GET /staff/imaging/orders/:id/viewer': 'the demo hospital has no imaging studies yet (docs/imaging.md)',
  'GET /portal/appointments/:id/video':
    "the demo's video visit is Youssef Karim's with the GP, neither a measured viewer (docs/telemedicine.md); a fixed handful of statements (session, appointment, visit type, the two accounts, the call's row) whatever the data",
  'GET /staff/appointments/:id/video': 'as the portal video page: the demo video visit belongs to the GP, not a measured viewer',
  'GET /portal/appointments/:id/video/check': 'the device check: the participant decision only (no list), the rest happens in the browser',
  'GET /staff/appointments/:id/video/check': 'the device check: the participant decision only (no list), the rest happens in the browser',
  'GET /messages/:id/attachments/:messageId': 'download (file bytes), not a page',
  'GET /staff/billing/insurance-cards/:id': 'an insurance card image (file bytes), not a page; the demo has none (docs/billing.md)',
  'GET /portal/insurance/cards/:id': 'an insurance card image (file bytes), not a page; the demo has none (docs/billing.md)',
  'GET /staff/pharmacy/dispenses/:id/label':
    'the demo hospital dispenses nothing (its prescriptions await verification); four statements in one transaction whatever the data, exercised by pharmacy-pages.int.test.ts',
};

/**
 * Every GET page route and who opens it for its count. The covering test fails when a page route
 * is in neither this table nor NOT_MEASURED, so a new page cannot skip its count.
 */
export const PAGE_MEASURES: Record<string, PageMeasure[]> = {
  // Searches posted by a form (counted under their POST route: the results are that answer).
  'POST /staff/patients': [{ viewer: 'receptionist', state: 'name search', url: fixed('/staff/patients'), form: { query: 'Grown' } }],
  'POST /admin/audit': [{ viewer: 'admin', state: 'filtered', url: fixed('/admin/audit'), form: { patientName: 'Maria Santos' } }],

  // Public and token pages (a missing or unknown token shows the page's error state).
  'GET /': anonymous('/'),
  'GET /sw.js': anonymous('/sw.js'),
  'GET /login': anonymous('/login'),
  'GET /register': anonymous('/register'),
  'GET /register/check-email': anonymous('/register/check-email'),
  'GET /privacy': anonymous('/privacy'),
  'GET /verify-email': anonymous('/verify-email?token=unknown-token-0123456789abcdef'),
  'GET /account/email/confirm': anonymous('/account/email/confirm?token=unknown-token-0123456789abcdef'),
  'GET /password-reset': anonymous('/password-reset'),
  'GET /password-reset/confirm': anonymous('/password-reset/confirm?token=unknown-token-0123456789abcdef'),
  'GET /invitations/accept': anonymous('/invitations/accept?token=unknown-token-0123456789abcdef'),
  'GET /verify-prescription': anonymous('/verify-prescription'),

  // Everyone signed in.
  'GET /account': [{ viewer: 'patient' }, { viewer: 'doctor' }],
  'GET /account/sessions': [{ viewer: 'patient' }, { viewer: 'doctor' }],
  'GET /mfa/enroll': [{ viewer: 'patient' }],
  'GET /notifications': [{ viewer: 'patient' }, { viewer: 'doctor' }],
  'GET /notifications/preferences': [{ viewer: 'patient' }],
  'GET /notifications/unread-badge': [
    { viewer: 'patient', url: fixed('/notifications/unread-badge') },
    { viewer: 'doctor', url: fixed('/notifications/unread-badge') },
  ],
  'GET /reference/allergy-substances/options': [{ viewer: 'patient', url: fixed('/reference/allergy-substances/options?substance=pen') }],
  'GET /documents/:id/view': [{ viewer: 'patient' }, { viewer: 'doctor' }],

  // The portal.
  'GET /portal': [{ viewer: 'patient' }],
  'GET /portal/profile': [{ viewer: 'patient' }],
  'GET /portal/access-log': [{ viewer: 'patient' }],
  'GET /portal/waitlist': [{ viewer: 'patient' }],
  'GET /portal/appointments': [{ viewer: 'patient' }],
  'GET /portal/appointments/book': [
    { viewer: 'patient' },
    { viewer: 'patient', state: 'searched', url: (ids) => searchedBooking(ids, '/portal/appointments/book?') },
  ],
  'GET /portal/appointments/book/confirm': [
    {
      viewer: 'patient',
      url: async (ids) =>
        ids.firstLinkOn('patient', await searchedBooking(ids, '/portal/appointments/book?'), '/portal/appointments/book/confirm'),
    },
  ],
  'GET /portal/appointments/:id/reschedule': [{ viewer: 'patient' }],
  'GET /portal/appointments/:id/reschedule/confirm': [{ viewer: 'patient' }],
  'GET /portal/summaries': [{ viewer: 'patient' }],
  'GET /portal/documents': [{ viewer: 'patient' }],
  'GET /portal/care-plans': [{ viewer: 'patient' }],
  'GET /portal/care-plans/:planId': [{ viewer: 'patient' }],
  'GET /portal/health-record': [{ viewer: 'patient' }],
  'GET /portal/medicines': [{ viewer: 'patient' }],
  'GET /portal/lab-results': [{ viewer: 'patient' }],
  'GET /portal/vitals': [{ viewer: 'patient' }],

  // Emergencies (docs/emergency.md): shells whose scripts read the API (counted in api-measures where hot).
  'GET /portal/emergency': [{ viewer: 'patient' }],

  // Staff: every role's home is its own worklist.
  'GET /staff': STAFF_ROLES.map((viewer) => ({ viewer })),
  'GET /staff/directory': [{ viewer: 'doctor' }],
  'GET /staff/dispatch': [{ viewer: 'receptionist' }],
  'GET /crew': [{ viewer: 'paramedic' }],
  'GET /staff/patients': [{ viewer: 'receptionist' }],
  'GET /staff/patients/new': [{ viewer: 'receptionist' }],
  'GET /staff/patients/:id': [{ viewer: 'doctor' }, { viewer: 'receptionist' }],
  'GET /staff/patients/:id/care-team': [{ viewer: 'doctor' }],
  'GET /staff/patients/:id/break-glass': [
    {
      viewer: 'nurse',
      url: async (ids) =>
        `/staff/patients/${await ids.one(sql`select p.id from patients p where not exists (select 1 from care_team_members m
          join staff_profiles s on s.id = m.staff_id join users u on u.id = s.user_id
          where m.patient_id = p.id and u.email = 'nurse@carewell.test') order by p.mrn desc limit 1`)}/break-glass`,
    },
  ],
  'GET /staff/privacy-reviews': [{ viewer: 'admin' }],
  'GET /staff/availability': [{ viewer: 'doctor' }],
  'GET /staff/calendar': [{ viewer: 'doctor' }, { viewer: 'receptionist' }],
  'GET /staff/calendar-feed': [{ viewer: 'doctor' }],
  'GET /staff/schedule': [{ viewer: 'receptionist' }],
  'GET /staff/schedule/book': [
    { viewer: 'receptionist' },
    {
      viewer: 'receptionist',
      state: 'searched',
      url: async (ids) => searchedBooking(ids, `/staff/schedule/book?patientId=${await maria(ids)}&`),
    },
  ],
  'GET /staff/schedule/book/confirm': [
    {
      viewer: 'receptionist',
      url: async (ids) =>
        ids.firstLinkOn(
          'receptionist',
          await searchedBooking(ids, `/staff/schedule/book?patientId=${await maria(ids)}&`),
          '/staff/schedule/book/confirm',
        ),
    },
  ],
  'GET /staff/today': [{ viewer: 'doctor' }],
  'GET /staff/my-patients': [{ viewer: 'doctor' }],
  'GET /staff/encounters/new': [{ viewer: 'doctor' }],
  'GET /staff/encounters/:id': [{ viewer: 'doctor' }],
  'GET /staff/encounters/:id/diagnoses': [{ viewer: 'doctor' }],
  'GET /staff/encounters/:id/diagnoses/suggestions': [
    {
      viewer: 'doctor',
      url: async (ids) =>
        `/staff/encounters/${await ids.one(sql`select e.id from encounters e join staff_profiles s on s.id = e.clinician_id
          join users u on u.id = s.user_id where u.email = 'doctor@carewell.test' order by e.started_at desc limit 1`)}/diagnoses/suggestions?q=hypert`,
    },
  ],
  'GET /staff/patients/:id/chart': [{ viewer: 'doctor' }],
  'GET /staff/patients/:id/medicines': [{ viewer: 'doctor' }],
  'GET /staff/patients/:id/medicines/new': [{ viewer: 'doctor' }],
  'GET /staff/doses': [{ viewer: 'nurse' }],
  'GET /portal/doses': [{ viewer: 'patient' }],
  'GET /portal/devices': [{ viewer: 'patient' }],
  'GET /staff/patients/:id/outside-medicines/new': [{ viewer: 'doctor' }],
  'GET /staff/encounters/:id/reconciliation': [{ viewer: 'doctor' }],
  // Things to consider: loaded into the encounter page by htmx; its link works without script.
  'GET /staff/encounters/:id/considerations': [{ viewer: 'doctor' }],
  'GET /staff/patients/:id/timeline': [{ viewer: 'doctor' }],
  'GET /staff/patients/:id/documents': [{ viewer: 'doctor' }],
  'GET /staff/patients/:id/imaging': [{ viewer: 'doctor' }],
  'GET /staff/imaging/worklist': [{ viewer: 'radiologist' }, { viewer: 'radiographer' }],
  'GET /staff/patients/:id/vitals': [{ viewer: 'doctor' }],
  'GET /staff/patients/:id/vitals/print': [{ viewer: 'doctor' }],
  'GET /staff/vitals/round': [{ viewer: 'nurse' }],
  'GET /staff/vitals/board': [{ viewer: 'nurse' }],
  // The emergency department (docs/emergency.md): as the demo's cardiology nurse (the short
  // explanation) and as the ED's own nurse and doctor (the board, the demo's walk-ins, demo-ed.ts).
  'GET /staff/ed': [{ viewer: 'nurse' }, { viewer: 'ed_nurse', url: fixed('/staff/ed') }],
  // The board's live part alone, swapped in by htmx on the ED's and dispatch's events.
  'GET /staff/ed/board': [{ viewer: 'ed_doctor', url: fixed('/staff/ed/board') }],
  'GET /staff/ed/arrivals/new': [{ viewer: 'ed_nurse', url: fixed('/staff/ed/arrivals/new') }],
  'GET /staff/ed/arrivals/:id': [
    {
      viewer: 'ed_doctor',
      url: async (ids) =>
        `/staff/ed/arrivals/${await ids.one(sql`select a.id from ed_arrivals a join patients p on p.id = a.patient_id
          where p.given_name = 'Thomas' and p.family_name = 'Girard'`)}`,
    },
  ],
  'GET /admin/ed/triage-scale': [{ viewer: 'admin' }],
  // The ambulance units and crews (docs/emergency.md); the growth adds a unit with its crew each round.
  'GET /admin/emergency/units': [{ viewer: 'admin' }],
  'GET /admin/emergency/units/new': [{ viewer: 'admin' }],
  'GET /admin/emergency/units/:id': [{ viewer: 'admin' }],
  'GET /staff/messages': [{ viewer: 'doctor', url: fixed('/staff/messages') }],
  'GET /staff/messages/new': [{ viewer: 'doctor', url: fixed('/staff/messages/new') }],
  'GET /staff/messages/search': [{ viewer: 'doctor', url: fixed('/staff/messages/search') }],
  'GET /staff/messages/:id': [{ viewer: 'doctor', url: async (ids) => `/staff/messages/${await mariasTeamThread(ids)}` }],
  'GET /staff/patients/:id/messages': [
    {
      viewer: 'doctor',
      url: async (ids) =>
        `/staff/patients/${await ids.one(sql`select m.patient_id from care_team_members m join staff_profiles s on s.id = m.staff_id
          join users u on u.id = s.user_id join patients p on p.id = m.patient_id
          where u.email = 'doctor@carewell.test' and m.removed_at is null and not (p.given_name = 'Maria' and p.family_name = 'Santos')
          order by m.patient_id limit 1`)}/messages`,
    },
  ],
  // The board's table alone, swapped in by htmx when the event stream says a set or an alert changed.
  'GET /staff/vitals/board/table': [{ viewer: 'nurse', url: fixed('/staff/vitals/board/table') }],
  'GET /staff/patients/:id/care-plans': [{ viewer: 'doctor' }],
  'GET /staff/patients/:id/devices': [{ viewer: 'nurse' }],
  'GET /staff/patients/:id/tasks': [{ viewer: 'nurse' }],
  'GET /staff/billing': [{ viewer: 'billing' }],
  'GET /staff/billing/price-list': [{ viewer: 'billing' }],
  'GET /staff/billing/patients/:id': [{ viewer: 'billing', url: async (ids) => `/staff/billing/patients/${await maria(ids)}` }],
  'GET /staff/billing/invoices/:id': [{ viewer: 'billing', url: async (ids) => `/staff/billing/invoices/${await mariasInvoice(ids)}` }],
  'GET /staff/billing/queues/unbilled-visits': [{ viewer: 'billing' }],
  'GET /staff/billing/queues/unpriced': [{ viewer: 'billing' }],
  'GET /staff/billing/queues/overdue': [{ viewer: 'billing' }],
  // A billed encounter: Maria Santos's visits are invoiced (demo-billing.ts).
  'GET /staff/billing/encounters/:id': [
    {
      viewer: 'billing',
      url: async (ids) =>
        `/staff/billing/encounters/${await ids.one(sql`select e.id from encounters e join billing_charges c on c.source = 'visit'
          and c.source_id = e.appointment_id and c.status = 'invoiced' order by e.created_at limit 1`)}`,
    },
  ],
  'GET /staff/billing/invoices/:id/credit-notes': [
    { viewer: 'billing', url: async (ids) => `/staff/billing/invoices/${await mariasInvoice(ids)}/credit-notes` },
  ],
  'GET /staff/billing/statements/:id': [{ viewer: 'billing', url: async (ids) => `/staff/billing/statements/${await maria(ids)}` }],
  'GET /staff/billing/reports/reconciliation': [{ viewer: 'billing', url: fixed('/staff/billing/reports/reconciliation') }],
  'GET /portal/bills': [{ viewer: 'patient' }],
  'GET /portal/bills/:id': [{ viewer: 'patient', url: async (ids) => `/portal/bills/${await mariasInvoice(ids)}` }],
  // Maria paid some of her share at the desk (demo-billing.ts): her receipt, on both sides.
  'GET /portal/receipts/:id': [{ viewer: 'patient', url: async (ids) => `/portal/receipts/${await mariasPayment(ids)}` }],
  'GET /staff/billing/receipts/:id': [{ viewer: 'billing', url: async (ids) => `/staff/billing/receipts/${await mariasPayment(ids)}` }],
  'GET /staff/billing/claims': [{ viewer: 'billing' }],
  'GET /staff/billing/claims/:id': [{ viewer: 'billing', url: async (ids) => `/staff/billing/claims/${await mariasClaim(ids)}` }],
  'GET /portal/claims': [{ viewer: 'patient' }],
  'GET /portal/claims/:id': [{ viewer: 'patient', url: async (ids) => `/portal/claims/${await mariasClaim(ids)}` }],
  'GET /portal/insurance': [{ viewer: 'patient' }],
  'GET /portal/messages': [{ viewer: 'patient' }],
  'GET /portal/messages/new': [{ viewer: 'patient' }],
  'GET /staff/patient-messages': [{ viewer: 'doctor' }],
  'GET /portal/messages/:id': [{ viewer: 'patient' }],
  'GET /staff/patient-messages/:id': [{ viewer: 'doctor' }],
  'GET /staff/care-plans/:planId': [{ viewer: 'nurse' }],
  'GET /clinical-alerts': [{ viewer: 'doctor' }],
  'GET /staff/remote-monitoring': [{ viewer: 'nurse' }],
  // The board's table alone, swapped in by htmx when the event stream says an enrolment changed.
  'GET /staff/remote-monitoring/board': [{ viewer: 'nurse', url: fixed('/staff/remote-monitoring/board') }],
  'GET /clinical-alerts/:id': [{ viewer: 'doctor' }],
  'GET /admin/reports/time-to-acknowledge': [{ viewer: 'admin' }],
  'GET /alerts': [{ viewer: 'doctor' }],
  'GET /alerts/new': [{ viewer: 'admin' }],
  'GET /alerts/code-blue': [{ viewer: 'doctor' }],
  'GET /alerts/:id': [{ viewer: 'admin' }],
  // Loaded into the alert page by htmx, not linked.
  'GET /alerts/:id/acknowledgements': [
    {
      viewer: 'admin',
      url: async (ids) => `/alerts/${await ids.one(sql`select id from alerts order by created_at, id limit 1`)}/acknowledgements`,
    },
  ],

  // Administration.
  'GET /admin/staff': [{ viewer: 'admin' }],
  'GET /admin/staff/new': [{ viewer: 'admin' }],
  'GET /admin/staff/:id': [{ viewer: 'admin' }],
  'GET /admin/audit': [{ viewer: 'admin' }],
  'GET /admin/api-keys': [{ viewer: 'admin' }],
  'GET /admin/outbox': [{ viewer: 'admin' }],
  'GET /admin/outbox/:id': [{ viewer: 'admin' }],
  'GET /admin/hl7-inbound': [{ viewer: 'admin' }],
  // The demo hospital has received no HL7 message: one is stored as the listener would.
  'GET /admin/hl7-inbound/:id': [{ viewer: 'admin', url: async (ids) => `/admin/hl7-inbound/${await storeInboundMessageFixture(ids.t)}` }],

  // Decision support: the knowledge base, one entry, the guideline library.
  'GET /staff/decision-support': [{ viewer: 'doctor' }],
  'GET /staff/decision-support/conditions/:id': [{ viewer: 'doctor' }],
  'GET /staff/decision-support/guidelines': [{ viewer: 'doctor' }],

  // The pharmacy's formulary.
  'GET /staff/formulary': [{ viewer: 'pharmacist' }],
  'GET /staff/renewal-requests': [{ viewer: 'doctor' }],
  'GET /staff/formulary/new': [{ viewer: 'pharmacist' }],
  // The pharmacy's queue and recent dispenses (empty in the demo hospital: no prescriptions yet).
  'GET /staff/pharmacy': [{ viewer: 'pharmacist' }],
  'GET /staff/pharmacy/dispenses': [{ viewer: 'pharmacist' }],
  'GET /staff/formulary/ingredients': [{ viewer: 'pharmacist' }],
  'GET /staff/formulary/:id': [
    {
      viewer: 'pharmacist',
      url: async (ids) => `/staff/formulary/${await ids.one(sql`select id from medication_products order by name, id limit 1`)}`,
    },
  ],
  // The demo's prescriptions (src/demo/demo-prescriptions.ts): Maria Santos's first, as each viewer reaches it.
  'GET /staff/prescriptions/:id': [{ viewer: 'doctor', url: async (ids) => marias(ids, '/staff/prescriptions/') }],
  'GET /staff/prescriptions/:id/doses': [{ viewer: 'doctor', url: async (ids) => `${await marias(ids, '/staff/prescriptions/')}/doses` }],
  'GET /staff/pharmacy/prescriptions/:id': [
    { viewer: 'pharmacist', url: (ids) => ids.firstLinkOn('pharmacist', '/staff/pharmacy', '/staff/pharmacy/prescriptions/') },
  ],
  'GET /portal/medicines/:id': [{ viewer: 'patient', url: (ids) => ids.firstLinkOn('patient', '/portal/medicines', '/portal/medicines/') }],
  // The laboratory (src/modules/labs/labs.seed.ts): Maria Santos's resulted panel and the queued blood count.
  'GET /staff/patients/:id/lab-orders': [{ viewer: 'doctor', url: async (ids) => `/staff/patients/${await maria(ids)}/lab-orders` }],
  'GET /staff/patients/:id/lab-orders/new': [
    { viewer: 'doctor', url: async (ids) => `/staff/patients/${await maria(ids)}/lab-orders/new` },
  ],
  'GET /lab/orders/:id': [
    { viewer: 'doctor', url: async (ids) => ids.firstLinkOn('doctor', `/staff/patients/${await maria(ids)}/lab-orders`, '/lab/orders/') },
    { viewer: 'lab_technician', url: (ids) => ids.firstLinkOn('lab_technician', '/lab/queue', '/lab/orders/') },
  ],
  'GET /lab/orders/:id/label': [
    {
      viewer: 'lab_technician',
      url: async (ids) =>
        `/lab/orders/${await ids.one(sql`select id from lab_orders where accession_number is not null order by ordered_at limit 1`)}/label`,
    },
  ],
  'GET /lab/queue': [{ viewer: 'lab_technician' }],
  'GET /lab/reconciliation': [{ viewer: 'lab_technician' }],
  'GET /lab/reconciliation/:id': [
    { viewer: 'lab_technician', url: async (ids) => `/lab/reconciliation/${await storeInboundMessageFixture(ids.t)}` },
  ],
  'GET /lab/results-to-review': [{ viewer: 'doctor' }],
  'GET /admin/lab-catalogue': [{ viewer: 'admin' }],
  'GET /admin/lab-catalogue/:code': [{ viewer: 'admin', url: fixed('/admin/lab-catalogue/K') }],
};

/** The first of Maria Santos's prescriptions listed on her medicines page. */
async function marias(ids: Ids, prefix: string): Promise<string> {
  return ids.firstLinkOn('doctor', `/staff/patients/${await maria(ids)}/medicines`, prefix);
}

/** Maria Santos's claim (demo-billing.ts submits one for her invoice's insurer share). */
async function mariasClaim(ids: Ids): Promise<string> {
  return ids.one(sql`select id from insurance_claims where patient_id = ${await maria(ids)} limit 1`);
}

/** Maria Santos's invoice (demo-billing.ts issues one). */
async function mariasInvoice(ids: Ids): Promise<string> {
  return ids.one(sql`select id from billing_invoices where patient_id = ${await maria(ids)} limit 1`);
}

async function mariasPayment(ids: Ids): Promise<string> {
  return ids.one(sql`select id from billing_payments where patient_id = ${await maria(ids)} and kind = 'payment' limit 1`);
}

/** Maria Santos's care-team thread with one message from the demo doctor (the demo hospital has no staff threads). */
async function mariasTeamThread(ids: Ids): Promise<string> {
  const patientId = await maria(ids);
  const doctor = ids.accounts.get('doctor')!;
  const now = ids.t.clock.now();
  const [made] = await ids.t.db
    .insert(staffThreads)
    .values({ kind: 'care_team', patientId, createdBy: doctor.userId, createdAt: now, lastMessageAt: now })
    .onConflictDoNothing()
    .returning();
  if (made)
    await ids.t.db
      .insert(staffMessages)
      .values({ threadId: made.id, authorUserId: doctor.userId, body: 'Demo handover note', createdAt: now });
  return ids.one(sql`select id from staff_threads where patient_id = ${patientId}`);
}

async function maria(ids: Ids): Promise<string> {
  return ids.one(sql`select id from patients where given_name = 'Maria' and family_name = 'Santos'`);
}

/** A slot search for the demo cardiologist's follow-up visits over the coming two weeks. */
async function searchedBooking(ids: Ids, prefix: string): Promise<string> {
  const staffId = await ids.one(
    sql`select s.id from staff_profiles s join users u on u.id = s.user_id where u.email = 'doctor@carewell.test'`,
  );
  const visitType = await ids.one(sql`select id from visit_types where code = 'follow_up'`);
  return `${prefix}staffId=${staffId}&visitType=${visitType}`;
}

/** The files the page counts are split into, so vitest runs them side by side (each well under a minute). */
export type PageGroup = 'portal' | 'clinical' | 'office' | 'homes';

const CLINICAL = /^GET \/(staff\/(encounters|care-plans|today|my-patients|remote-monitoring|patients\/:id)|documents\/)/;

export function pageGroupOf(route: string): PageGroup {
  if (PAGE_MEASURES[route]!.every((m) => m.viewer === 'patient' || m.viewer === 'anonymous')) return 'portal';
  if (CLINICAL.test(route)) return 'clinical';
  if (route === 'GET /staff' || route.startsWith('GET /alerts')) return 'homes';
  return 'office';
}

export const routesOfGroup = (group: PageGroup) => Object.keys(PAGE_MEASURES).filter((route) => pageGroupOf(route) === group);
