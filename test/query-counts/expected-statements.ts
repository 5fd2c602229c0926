/**
 * The reviewed number of SQL statements each page and hot API route runs (the page-measures.ts and
 * api-measures.ts requests, after a warm-up view), the same before and after the data behind it
 * grows. Transaction control (begin, commit, savepoints) is not counted. A change here is a change
 * of how many round trips a screen costs: make it on purpose, and say why in the commit.
 */
export const EXPECTED_STATEMENTS: Record<string, number> = {
  // Pages.
  // The search and its audit row are one statement (written from the search's rows).
  'POST /staff/patients as receptionist (name search)': 3,
  'POST /admin/audit as admin (filtered)': 6,
  'GET / as anonymous': 0,
  'GET /sw.js as anonymous': 0,
  'GET /login as anonymous': 0,
  'GET /register as anonymous': 0,
  'GET /register/check-email as anonymous': 0,
  'GET /privacy as anonymous': 0,
  'GET /verify-email as anonymous': 0,
  'GET /account/email/confirm as anonymous': 0,
  'GET /password-reset as anonymous': 0,
  'GET /password-reset/confirm as anonymous': 0,
  'GET /invitations/accept as anonymous': 0,
  'GET /verify-prescription as anonymous': 0,
  'GET /mfa/enroll as patient': 2,
  'GET /notifications/preferences as patient': 3,
  'GET /reference/allergy-substances/options as patient': 1,
  // A list of appointments and its audit rows (one per patient shown) are one statement.
  'GET /portal as patient': 4,
  'GET /portal/profile as patient': 3,
  'GET /portal/access-log as patient': 4,
  'GET /portal/waitlist as patient': 5,
  'GET /portal/appointments as patient': 3, // the upcoming and the past lists, one statement each
  'GET /portal/appointments/book as patient': 1,
  // A slot search reads the clinicians' schedule versions and appointments in one statement built once (were two).
  'GET /portal/appointments/book as patient (searched)': 2,
  'GET /portal/appointments/book/confirm as patient': 2,
  'GET /portal/appointments/:id/reschedule as patient': 6,
  'GET /portal/appointments/:id/reschedule/confirm as patient': 4,
  'GET /portal/summaries as patient': 4,
  'GET /portal/documents as patient': 4,
  'GET /portal/care-plans as patient': 4,
  'GET /portal/care-plans/:planId as patient': 4,
  'GET /portal/health-record as patient': 3,
  // Session, access, then the audit row with the medicines and renewal requests in one statement.
  'GET /portal/medicines as patient': 3,
  // Session, access, then the audit row, the current values and the release rules in one statement (however many results).
  'GET /portal/lab-results as patient': 3,
  // Session, access; then ONE statement built once (issue 11): the audit row with the settings, the
  // sets, their readings (the sets a subquery) and the device readings (a LATERAL read per charted
  // code). No transaction.
  'GET /portal/vitals as patient': 3,
  // Session; the patient's latest call, rendered by the server so the page works without script (the
  // demo patient has none; an open call adds its audit row, its assignment and its unit).
  'GET /portal/emergency as patient': 2,
  // A document's page: its patient read with the access facts (resolveOwnedAccess; was a statement of its own).
  'GET /documents/:id/view as patient': 4,
  'GET /documents/:id/view as doctor': 4,
  'GET /staff/patients/:id as doctor': 3,
  'GET /staff/patients/:id as receptionist': 3,
  'GET /staff/patients/:id/care-team as doctor': 3,
  'GET /staff/patients/:id/break-glass as nurse': 1,
  // Session; the day's appointments; the calendar's audit row with the names and each visit's encounter (two steps).
  'GET /staff/today as doctor': 3,
  'GET /staff/my-patients as doctor': 3,
  'GET /staff/encounters/new as doctor': 5,
  // An encounter's pages decide access with the encounter's patient in one statement (resolveChildAccess; was two).
  'GET /staff/encounters/:id as doctor': 3,
  // Session; the access decision; the audit row with the encounter's diagnoses in one statement (was a
  // transaction: the row, then the read). The suggestions add the code lookup and the title search.
  'GET /staff/encounters/:id/diagnoses as doctor': 3,
  'GET /staff/encounters/:id/diagnoses/suggestions as doctor': 5,
  'GET /staff/patients/:id/chart as doctor': 3,
  'GET /staff/patients/:id/timeline as doctor': 3,
  'GET /staff/patients/:id/documents as doctor': 4,
  'GET /staff/patients/:id/care-plans as doctor': 4,
  // Session, access facts, then the audit row with the list and the allergies in one statement.
  'GET /staff/patients/:id/medicines as doctor': 3,
  // Session, access facts, then ONE statement built once (issue 11; was three decisions, two audit
  // rows in two transactions): the audit row naming the problem list with its diagnoses and conditions.
  'GET /staff/patients/:id/medicines/new as doctor': 3,
  // A prescription (the demo's first for Maria Santos): its page, its doses, the pharmacist's view, the patient's.
  // Each: the access facts with the prescription's patient in one statement (resolveOwnedAccess; they were
  // two), then the audit row with every part of the page in one statement, the pharmacy's queries included
  // (one row naming the sections; they were a second audit row and statement); a draft adds the preview's checks.
  'GET /staff/prescriptions/:id as doctor': 3,
  'GET /staff/prescriptions/:id/doses as doctor': 3,
  'GET /staff/pharmacy/prescriptions/:id as pharmacist': 3,
  'GET /portal/medicines/:id as patient': 3,
  // The medication round (demo nurse, Cardiology): session; the department with its patients today (built
  // once); the audit rows (one per patient shown) with their due doses (built once).
  'GET /staff/doses as nurse': 3,
  // Session; the access decision (the patient's own record); then the audit row with the doses and the
  // adherence in one statement built once (was a transaction of three).
  'GET /portal/doses as patient': 3,
  'GET /staff/patients/:id/outside-medicines/new as doctor': 3,
  // Session; the encounter's patient with the access decision; then the audit row with the prescriptions, the
  // outside medicines, the allergies and the reconciliations with their items in one statement (was five).
  'GET /staff/encounters/:id/reconciliation as doctor': 3,
  // The encounter's findings (access, then the audit row with the sections), the lab evidence; the knowledge
  // base comes from the reference cache.
  'GET /staff/encounters/:id/considerations as doctor': 4,
  'GET /staff/decision-support as doctor': 2,
  'GET /staff/decision-support/conditions/:id as doctor': 2,
  'GET /staff/decision-support/guidelines as doctor': 2,
  // Session, the plan's patient, the access decision, then the plan, its parts, the care team (the
  // activities' assignees) and its ONE audit row in one statement built once (was 6: the team was a
  // second decision and audit row).
  'GET /staff/care-plans/:planId as nurse': 4,
  // Session; the account row, its links, recovery codes left and passkeys in one statement.
  'GET /account as patient': 2,
  'GET /account as doctor': 2,
  'GET /account/sessions as patient': 2,
  'GET /account/sessions as doctor': 2,
  'GET /notifications as patient': 3,
  'GET /notifications as doctor': 3,
  'GET /notifications/unread-badge as patient': 2,
  'GET /notifications/unread-badge as doctor': 2,
  // The doctor's and nurse's homes show "My tasks": the demo gives each open tasks now (demo-tasks.ts):
  // the patients' ids, then the tasks read in the same statement as their audit rows. The
  // dispatch board's link (emergency department) comes from the cached staff entries: no statement.
  // The doctor's home reads in two steps (readInTwoSteps): session; every list's first step (the day's
  // appointments, the assigned patients, the tasks' patients, the drafts, the alert count); then every
  // audit row with every read of patient data (names, attention counts, tasks, today's encounters).
  'GET /staff as doctor': 3,
  // The nurse's home likewise: session; the alert count, the tasks' patients and the department's appointments;
  // then the tasks and the day's names, each with their audit rows (the department's clinicians come from the cache).
  'GET /staff as nurse': 3,
  'GET /staff as receptionist': 3,
  'GET /staff as admin': 2,
  'GET /staff as pharmacist': 1,
  'GET /staff as lab_technician': 1,
  'GET /staff as radiologist': 1,
  'GET /staff as radiographer': 1,
  'GET /staff as billing': 1,
  'GET /staff as inventory_manager': 1,
  'GET /staff as paramedic': 1,
  'GET /staff/directory as doctor': 3,
  'GET /staff/patients as receptionist': 1,
  'GET /staff/patients/new as receptionist': 1,
  'GET /staff/privacy-reviews as admin': 3,
  'GET /staff/availability as doctor': 4,
  'GET /staff/calendar as doctor': 3,
  'GET /staff/calendar as receptionist': 3,
  'GET /staff/calendar-feed as doctor': 2,
  'GET /staff/schedule as receptionist': 3,
  'GET /staff/schedule/book as receptionist': 1,
  // The patient search with its audit row: one statement.
  'GET /staff/schedule/book as receptionist (searched)': 3,
  'GET /staff/schedule/book/confirm as receptionist': 3,
  // Session; the alerts that reached the viewer; one audit insert per patient shown sent with their names (and the timeline).
  'GET /clinical-alerts as doctor': 3,
  // Session; the access facts; then ONE statement built once (issue 11): the audit row and the devices.
  'GET /portal/devices as patient': 3,
  // Session; the enrolments of the viewer's care-team patients; then ONE statement built once (issue
  // 11, was a transaction of three): the audit insert (a row per patient shown) with their recent
  // readings (one LATERAL read) and open alerts (one LATERAL read).
  'GET /staff/remote-monitoring as nurse': 3,
  // Session; the access facts; then ONE statement built once: the audit row, the devices, the enrolments.
  'GET /staff/patients/:id/devices as nurse': 3,
  // Session; the access facts; then ONE statement built once (issue 11): the audit row, the tasks, their
  // handoffs, the care team's doctors and nurses. No transaction.
  'GET /staff/patients/:id/tasks as nurse': 3,
  // Billing (docs/billing.md). Session; the unbilled queue and the drafts; one audit row naming the patients.
  'GET /staff/billing as billing': 4,
  // Session; the price list and the visit types (no patient data, no audit row).
  'GET /staff/billing/price-list as billing': 3,
  // Work queues (docs/billing.md "Work queues"): session; one keyset page; one audit row naming the patients.
  'GET /staff/billing/queues/unbilled-visits as billing': 3,
  'GET /staff/billing/queues/unpriced as billing': 3,
  'GET /staff/billing/queues/overdue as billing': 3,
  // The billing tier: session; the access facts read through the BILLED encounter; then ONE statement: the audit
  // row naming the sections, the encounter with its clinician and department, its diagnoses, its procedures.
  'GET /staff/billing/encounters/:id as billing': 3,
  // Session; the access facts; then ONE statement: the audit row naming the sections, unbilled charges, invoices,
  // the prices for the add-charge form, the billed encounters and the Insurance section (docs/billing.md
  // "Insurance": policies, eligibility checks, card images, claims).
  'GET /staff/billing/patients/:id as billing': 3,
  // Session; the invoice; the access facts; its audit row with its lines, payments and each line's encounter
  // (the link to its codes) in one statement built once (the encounters were a statement of their own).
  'GET /staff/billing/invoices/:id as billing': 4,
  // Session; the invoice; the access facts; its audit row with its lines, payments, credit notes,
  // their lines and adjustments in the invoice's statement built once (were five reads and an insert).
  'GET /staff/billing/invoices/:id/credit-notes as billing': 4,
  // Session; the access facts; then ONE statement built once (issue 11; was five): the audit row with the
  // invoices, credit notes, adjustments and payments before the period's end (payments through a sub-select).
  'GET /staff/billing/statements/:id as billing': 3,
  // Session; the day's payments and refunds (one indexed range); one audit row (no patient).
  'GET /staff/billing/reports/reconciliation as billing': 3,
  // Session; the access facts; the audit row with the invoices (one statement built once; was two).
  'GET /portal/bills as patient': 3,
  // Session; the invoice; the access facts; its audit row with its lines, payments, its claim (the link to follow
  // it) and its online payments (Pay online) in one statement built once (the claim and the online payments were
  // statements of their own).
  'GET /portal/bills/:id as patient': 4,
  // A receipt (the patient's, and billing staff's): session; the payment; the invoice; the access facts; the audit row.
  'GET /portal/receipts/:id as patient': 5,
  'GET /staff/billing/receipts/:id as billing': 5,
  // Insurance (docs/billing.md "Insurance"). Session; the draft claims and the denials; one audit row naming the patients.
  'GET /staff/billing/claims as billing': 4,
  // Session; the claim; the access facts; the audit row with its invoice's number, policy, lines and timeline
  // (one statement built once; they were four reads and an insert).
  'GET /staff/billing/claims/:id as billing': 4,
  // Session; the access facts; the claims; the audit row.
  'GET /portal/claims as patient': 4,
  'GET /portal/claims/:id as patient': 4,
  // Session; the access facts; the card images; the audit row.
  'GET /portal/insurance as patient': 4,
  // Staff messaging (docs/messaging.md). List: session; the readable threads with unread counts; one statement for the
  // members' names, the patients' labels and their audit rows.
  'GET /staff/messages as doctor': 3,
  // Session; the clinical staff to choose from.
  'GET /staff/messages/new as doctor': 2,
  // Session only (the search runs on POST).
  'GET /staff/messages/search as doctor': 1,
  // Session; the thread and membership; the care-team access facts; the audit row with the messages and the readers
  // (one statement built once per kind of thread; was a transaction of three).
  'GET /staff/messages/:id as doctor': 4,
  // Session; the care-team access facts; the thread's id; the audit row (no thread yet: the start page).
  'GET /staff/patients/:id/messages as doctor': 4,
  // Session; in one transaction the audit row and the threads (unread counts in the same statement).
  'GET /portal/messages as patient': 3,
  // Session; the departments a patient may write to.
  'GET /portal/messages/new as patient': 2,
  // Session; the inbox's patients (the viewer's department a sub-query); then ONE statement (was a
  // transaction of two): one audit row per patient shown with the threads. Both built once (issue 11).
  'GET /staff/patient-messages as doctor': 3,
  // Session; the thread (with its department's name and the viewer's department); the access
  // facts; then ONE statement: the audit row, the read receipts and the messages (was a
  // transaction of three, four with the department's name).
  'GET /portal/messages/:id as patient': 4,
  'GET /staff/patient-messages/:id as doctor': 4,
  'GET /staff/remote-monitoring/board as nurse': 3,
  'GET /staff/patients/:id/imaging as doctor': 4,
  // Session; whether the patient is on the viewer's department round today (one built-once read of
  // this patient; off the round, the patients module's access decision follows); then the portal's
  // one statement. The print's has no device readings.
  'GET /staff/patients/:id/vitals as doctor': 3,
  'GET /staff/patients/:id/vitals/print as doctor': 3,
  // Session; the viewer's department with its patients today (one statement built once; was two);
  // then ONE statement built once (was a transaction of two): the audit insert (a row per patient
  // shown) with their latest sets.
  'GET /staff/vitals/round as nurse': 3,
  // Session; the viewer's department with its patients today (one statement built once); then ONE
  // statement built once (issue 11, was a transaction of four): the audit insert (a row per patient
  // shown) with their recent sets, the latest reading of each vital and their open alerts (a LATERAL
  // read each). Departments: the cached reference list.
  'GET /staff/vitals/board as nurse': 3,
  'GET /staff/dispatch as receptionist': 1,
  'GET /crew as paramedic': 1,
  // A nurse outside the emergency department: the session only (her department comes from the cached
  // staff entries; the page explains the board is the ED's).
  'GET /staff/ed as nurse': 1,
  // The ED's own clinicians (demo-ed.ts): session; ONE statement built once with the open arrivals and
  // the incoming incidents with their units (they were four: arrivals, incidents, assignments, units);
  // one statement built once with the audit rows (one per patient shown) and the patients' labels. The
  // department (the page's, then the board's own check) comes from the cached staff entries and
  // departments, the triage scale from the reference cache (migration 0069 signals its changes): no statement.
  'GET /staff/ed as ed_nurse': 3,
  'GET /staff/ed/board as ed_doctor': 3,
  // The board's reads (the arrival form lists the triage scale and the incoming incidents).
  'GET /staff/ed/arrivals/new as ed_nurse': 3,
  // Session; the arrival (the department from the cached staff directory); then the audit row with the
  // patient's label and the triage history with the assessors' names in one statement (was a transaction
  // of four and the scale read in it); the scale from the reference cache.
  'GET /staff/ed/arrivals/:id as ed_doctor': 3,
  // Session; the scale from the reference cache.
  'GET /admin/ed/triage-scale as admin': 1,
  // Session; the units, their crews with names (one statement), the open assignments.
  'GET /admin/emergency/units as admin': 4,
  'GET /admin/emergency/units/new as admin': 1,
  // Session; then ONE statement built once: the unit, its crew, whether it is on a call, and the crew picker's
  // paramedics with the unit each rides.
  'GET /admin/emergency/units/:id as admin': 2,
  'GET /staff/vitals/board/table as nurse': 3,
  'GET /staff/imaging/worklist as radiologist': 2,
  'GET /staff/imaging/worklist as radiographer': 2,
  'GET /clinical-alerts/:id as doctor': 3,
  // Session; the figures per kind; the list (no patient data, no audit).
  'GET /admin/reports/time-to-acknowledge as admin': 3,
  'GET /alerts as doctor': 2,
  'GET /alerts/new as admin': 1,
  'GET /alerts/code-blue as doctor': 1,
  'GET /alerts/:id as admin': 3,
  'GET /alerts/:id/acknowledgements as admin': 3,
  'GET /admin/staff as admin': 3,
  'GET /admin/staff/new as admin': 1,
  'GET /admin/staff/:id as admin': 3,
  'GET /admin/audit as admin': 5,
  'GET /admin/api-keys as admin': 2,
  'GET /admin/outbox as admin': 3,
  'GET /admin/outbox/:id as admin': 3,
  'GET /admin/hl7-inbound as admin': 3,
  'GET /admin/hl7-inbound/:id as admin': 3,
  // Laboratory pages: session and access, then the audit row and the reads (an order: the order, its values, its tests).
  'GET /staff/patients/:id/lab-orders as doctor': 5,
  'GET /staff/patients/:id/lab-orders/new as doctor': 4,
  // Session, the order's patient, the access (the care team's facts, or the laboratory's patient);
  // then ONE statement built once (issue 11; was a transaction of four): the `lab_order.read` row
  // with the order, its results and its tests.
  'GET /lab/orders/:id as doctor': 4,
  'GET /lab/orders/:id as lab_technician': 4,
  'GET /lab/orders/:id/label as lab_technician': 4,
  'GET /lab/queue as lab_technician': 3,
  'GET /lab/reconciliation as lab_technician': 3,
  'GET /lab/reconciliation/:id as lab_technician': 5,
  // Session; then ONE statement built once (issue 11; was a transaction of two): the resulted orders
  // with their audit rows (one per patient shown) written from the rows read.
  'GET /lab/results-to-review as doctor': 2,
  'GET /admin/lab-catalogue as admin': 4,
  'GET /admin/lab-catalogue/:code as admin': 3,
  'GET /staff/formulary as pharmacist': 3,
  // Session and the queue's ids; with requests waiting, one more: the audit rows with the queue and names.
  'GET /staff/renewal-requests as doctor': 2,
  'GET /staff/formulary/:id as pharmacist': 3,
  'GET /staff/formulary/ingredients as pharmacist': 1,
  'GET /staff/formulary/new as pharmacist': 1,
  'GET /staff/pharmacy as pharmacist': 3,
  'GET /staff/pharmacy/dispenses as pharmacist': 2,
  // Hot API routes.
  'GET /api/v1/me as doctor': 3,
  'GET /api/v1/me/lab-results as patient': 3,
  // Session, then the search with its audit row (written from the search's own rows): one statement.
  'GET /api/v1/patients as receptionist': 2,
  'GET /api/v1/patients as receptionist (name search)': 2,
  'GET /api/v1/patients/:id as doctor': 3,
  // The front desk and the patient themself: the tier is known before reading, so the read and its audit row are one statement.
  'GET /api/v1/patients/:id as receptionist': 2,
  'GET /api/v1/patients/:id as patient': 2,
  'GET /api/v1/patients/:id/allergies as doctor': 4,
  'GET /api/v1/patients/:id/conditions as doctor': 4,
  'GET /api/v1/patients/:id/care-team as doctor': 3,
  'GET /api/v1/patients/:id/encounters as doctor': 4,
  'GET /api/v1/patients/:id/summaries as patient': 4,
  'GET /api/v1/patients/:id/documents as doctor': 4,
  'GET /api/v1/patients/:id/care-plans as doctor': 4,
  'GET /api/v1/patients/:id/diagnoses as doctor': 4,
  // Session, access facts, then ONE statement built once (issue 11; was two decisions and two audit
  // rows in two transactions): the audit row naming the problem list with its diagnoses and conditions.
  'GET /api/v1/patients/:id/problem-list as doctor': 3,
  'GET /api/v1/patients/:id/timeline as doctor': 3,
  'GET /api/v1/patients/:id/access-log as patient': 4,
  // The encounter's patient read with the access facts (resolveChildAccess; was a statement of its own).
  'GET /api/v1/encounters/:id as doctor': 4,
  'GET /api/v1/encounters/:id/considerations as doctor': 4, // the knowledge base from the reference cache
  'GET /api/v1/encounters/:id/notes as doctor': 4,
  'GET /api/v1/care-plans/:planId as doctor': 4,
  'GET /api/v1/slots as patient': 2,
  'POST /api/v1/appointments as patient': 14,
  'GET /api/v1/appointments as patient': 2,
  'GET /api/v1/appointments as doctor (own schedule)': 2,
  'GET /api/v1/waitlist as patient': 3,
  'GET /api/v1/notifications as doctor': 3,
  'GET /api/v1/alerts as doctor': 2,
  'GET /api/v1/alerts/:id as admin': 3,
  'GET /api/v1/banners/active as nurse': 2,
  'GET /api/v1/staff as patient': 3,
  'GET /api/v1/auth/sessions as doctor': 2,
  'GET /api/v1/privacy/review-tasks as admin': 3,
  // Session; the readable threads with unread counts (and, with threads, one statement for names, labels and audit rows).
  'GET /api/v1/staff-threads as doctor': 2,
  // Session; the one unread-count query.
  'GET /api/v1/me/staff-messages/unread as nurse': 2,
  'GET /api/v1/admin/staff as admin': 3,
  'GET /api/v1/admin/audit as admin': 5,
  'GET /api/v1/admin/outbox as admin': 3,
  'GET /api/v1/patients/:id/lab-orders as doctor': 4,
  'GET /api/v1/lab/queue as lab_technician': 3,
  'GET /api/v1/lab/reconciliation as lab_technician': 3,
  'GET /api/v1/lab/reconciliation/:id as lab_technician': 5,
  'GET /api/v1/lab-results/to-review as doctor': 2, // as the page: one statement built once after the session
  'GET /api/v1/lab/catalogue as doctor': 3,
};
