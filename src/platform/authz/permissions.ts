import type { Role } from '../auth/auth.tables.js';

/**
 * Every route names exactly one of these in its config (`config.permission`); start-up fails on a
 * route without one. Roles grant permissions here; services then check the relationship to the
 * record (own record, care team, break-the-glass).
 */
export const PERMISSIONS = [
  'public', // anyone, signed in or not
  'account', // any signed-in person: their own account, sessions, language
  'mfa.enroll', // a staff member holding an enrolment token, or any signed-in person
  'patients.read', // a patient's own record, or staff by tier (registration / clinical)
  'patients.search',
  'patients.register',
  'patients.update', // demographics and contact; services split by tier
  'patients.insurance.write',
  'patients.clinical.write',
  'care-team.read',
  'care-team.manage', // nurses need the nurseLead flag (checked in the service)
  'break-glass',
  'access-log.read', // a patient's own, or a privacy officer (flag checked in the service)
  'privacy.review',
  'staff.directory',
  'reference.read', // code lists: allergy substances, ICD-10
  'admin.staff',
  'admin.audit', // seal and verify the audit chain (administrators)
  'audit.review', // search and export the audit trail: administrators, or staff with the privacyOfficer flag (checked in the service)
  'admin.api-keys',
  'admin.outbox',
  'admin.integrations', // inbound HL7 messages: the list by status and each message's parsed summary (administrators)
  'alerts.read', // hospital-wide alerts: history, details, acknowledging one addressed to you (staff)
  'alerts.broadcast', // send and resolve hospital-wide alerts (roles from ALERTS_BROADCAST_ROLES)
  'alerts.code-blue', // call a medical emergency (code blue) only: every clinical role
  'clinical-alerts.read', // acknowledgeable clinical alerts addressed or escalated to you: list, detail, acknowledge (clinical roles; services check the chain)
  'clinical-alerts.report', // the "time to acknowledge" report (administrators)
  'appointments.book', // book, reschedule and cancel (patients their own; services check the patient)
  'appointments.read', // appointment lists and details (patients their own; staff by relationship and tier)
  'appointments.manage', // check-in, completion, no-show
  'availability.manage', // working hours and exceptions: clinicians their own, administrators anyone's (checked in the service)
  'slots.search', // free appointment slots (no PHI)
  'records.read', // the clinical record: encounters, notes, diagnoses, documents, care plans (services check the tier)
  'records.write', // write the clinical record: encounters, notes, diagnoses, care plans
  'records.upload', // upload documents to a record (patients their own; clinicians by tier, checked in the service)
  'medications.formulary.read', // the hospital formulary's products (no patient data): clinical staff and administrators
  'medications.formulary.manage', // add and change formulary products and their pharmacy tags: pharmacists and administrators
  'prescriptions.read', // a patient's prescriptions and their signing alerts (services check the clinical tier)
  'prescriptions.write', // draft, check, sign, stop and mark prescriptions entered in error: doctors (services check the clinical tier)
  'medications.doses.self', // the patient's own doses: list, taken, skipped, snooze, adherence
  'medications.administer', // nurses: due and overdue doses of their department's patients, given / not given
  'prescriptions.own.read', // a patient's own medicines, their detail and the prescription PDF with its verification code
  'prescriptions.renew.request', // a patient asks the prescriber to renew (or withdraws the request)
  'prescriptions.renew.decide', // a prescriber's queue of renewal requests: approve (a new draft) or deny (services check it is theirs)
  'pharmacy.verify', // the pharmacy's queue: verify, reject, query the prescriber (pharmacists; any signed prescription, audited)
  'pharmacy.dispense', // dispense a verified prescription, dispensing history and labels (pharmacists)
  'decision-support.read', // the decision-support knowledge base and guideline library (no patient data): clinical staff and administrators
  'decision-support.manage', // edit knowledge-base entries and add hospital protocols: doctors and administrators
  'decision-support.approve', // approve a knowledge-base entry (doctors of the hospital only)
  'labs.catalogue.read', // the laboratory catalogue: tests, panels, ranges (no patient data): clinical staff and administrators
  'labs.catalogue.manage', // lab administration: edit tests, units, reference ranges and critical limits (administrators)
  'labs.order', // order and cancel laboratory tests from the encounter or the chart: doctors (services check the clinical tier)
  'labs.read', // a patient's laboratory orders and results (doctors and nurses by clinical tier; technicians any order, audited)
  'labs.work', // lab work: the queue, collecting (accession and label), receiving, entering results, reconciliation (technicians)
  'labs.review', // review resulted orders and add a finding, one or a batch of your own (doctors)
  'labs.own.read', // a patient's own laboratory results released to them, with trends (patients)
  'labs.results.import', // FHIR DiagnosticReport import: integration keys with lab-results:write, or a technician
  'imaging.read', // radiology orders, their studies (viewer) and reports (services check the clinical tier, or the radiology basis)
  'imaging.order', // order, and cancel, a radiology examination: doctors (services check the clinical tier)
  'imaging.perform', // the radiology worklist: schedule, upload the study, mark performed (radiographers and radiologists; any active order, audited)
  'vitals.read', // a patient's vital signs, NEWS2, trend and printable observation chart; the department round and the board of critical patients (doctors and nurses: department round, care team or break-the-glass)
  'vitals.write', // enter a set of vital signs on the round or in the chart (doctors and nurses)
  'vitals.settings', // a patient's NEWS2 settings: SpO2 scale 2, recorded pregnancy, with a reason (doctors)
  'vitals.own', // a patient's own home vital signs: enter them and see their chart (patients)
  'imaging.report', // write and sign the report of a performed study, add an addendum (radiologists)
  'devices.manage', // register, list and revoke a patient's home devices (the patient, or clinicians on the care team: checked in the service)
  'devices.own', // the portal's "My devices": a patient registers and revokes their own (patients)
  'devices.ingest', // send device readings (JSON batch, FHIR Observation): device credentials with devices:write only, no role
  'remote-monitoring.manage', // enrol patients in remote-monitoring programmes and the board (doctors and nurses on the care team)
  'billing.manage', // the price list, charges, invoices and billing's queues, at the registration tier: never notes or results (billing staff and administrators)
  'billing.own', // a patient's own bills: issued invoices and their lines (patients)
  'messages.staff', // staff messaging: direct, group and care-team threads, mentions, search (clinical staff; services check membership or the care team)
  'messages.own', // a patient's own conversations: list, start one, and the portal's thread pages (patients)
  'messages.inbox', // the team inbox of patient conversations and its thread pages, opening an encounter from one (doctors and nurses; services check care team, department or break-the-glass)
  'messages.thread', // one patient conversation through the API: read, answer, mark read, attach, download (the patient, doctors and nurses; services decide per thread)
  'tasks.work', // care-team tasks: a patient's (create, complete, cancel, hand off) and your own (doctors and nurses; services check the care team)
  'telemedicine.join', // a telemedicine appointment's video call: only its own patient and its own clinician (checked in the service)
  'emergency.sos', // a patient's emergency call (SOS): raise it, share positions, follow its status (patients, their own only)
  'emergency.dispatch', // the dispatch board: incidents, positions, units, acknowledge, assign, close (staff with the dispatcher flag, or the emergency department's doctors and nurses: checked in the service)
  'emergency.crew', // the ambulance crew's page: only the incident assigned to their unit, accept, status, position (paramedics)
  'ed.work', // the emergency department: arrivals, triage and re-triage, the ED board (doctors and nurses whose department has the code ED: checked in the service)
  'ed.manage', // the triage scale's labels and target times, ambulance units and their crews (administrators)
] as const;
export type Permission = (typeof PERMISSIONS)[number];

// Radiographers (radiology technicians) are clinical staff: they call code blue and see the
// patient they examine, reached through the order (the radiology basis, imaging-access.ts).
const CLINICAL: Role[] = ['doctor', 'nurse', 'pharmacist', 'lab_technician', 'radiologist', 'radiographer', 'paramedic'];
const FRONT_DESK: Role[] = ['receptionist', 'billing'];
const ALL_STAFF: Role[] = [...CLINICAL, ...FRONT_DESK, 'inventory_manager', 'admin'];

const GRANTS: Record<Exclude<Permission, 'public' | 'account' | 'mfa.enroll'>, Role[]> = {
  'patients.read': ['patient', ...CLINICAL, ...FRONT_DESK, 'admin'],
  'patients.search': [...CLINICAL, ...FRONT_DESK, 'admin'],
  'patients.register': ['receptionist', 'nurse', 'doctor', 'admin'],
  'patients.update': ['patient', 'receptionist', 'doctor', 'nurse', 'admin'],
  'patients.insurance.write': ['patient', 'receptionist', 'billing', 'admin'],
  'patients.clinical.write': ['patient', 'doctor', 'nurse', 'paramedic'],
  'care-team.read': ['patient', ...CLINICAL, 'receptionist', 'admin'],
  'care-team.manage': ['receptionist', 'nurse', 'admin'],
  'break-glass': ['doctor', 'nurse', 'paramedic'],
  'access-log.read': ['patient', ...ALL_STAFF],
  'privacy.review': ALL_STAFF,
  'staff.directory': ['patient', ...ALL_STAFF],
  'reference.read': ['patient', ...ALL_STAFF],
  'admin.staff': ['admin'],
  'admin.audit': ['admin'],
  'audit.review': ALL_STAFF,
  'admin.api-keys': ['admin'],
  'admin.outbox': ['admin'],
  'admin.integrations': ['admin'],
  'alerts.read': ALL_STAFF,
  'alerts.broadcast': ['admin'],
  'alerts.code-blue': CLINICAL,
  'clinical-alerts.read': CLINICAL,
  'clinical-alerts.report': ['admin'],
  'appointments.book': ['patient', 'receptionist', 'nurse', 'doctor', 'admin'],
  'appointments.read': ['patient', ...ALL_STAFF.filter((r) => r !== 'inventory_manager')],
  'appointments.manage': ['receptionist', 'nurse', 'doctor', 'admin'],
  'availability.manage': ['doctor', 'nurse', 'radiologist', 'admin'],
  'slots.search': ['patient', 'receptionist', 'nurse', 'doctor', 'admin'],
  // Front desk and billing pass the guard but get the registration tier: never note text (404).
  'records.read': ['patient', ...CLINICAL, ...FRONT_DESK],
  'records.write': ['doctor', 'nurse', 'paramedic'],
  'records.upload': ['patient', ...CLINICAL],
  'medications.formulary.read': [...CLINICAL, 'admin'],
  'medications.formulary.manage': ['pharmacist', 'admin'],
  'prescriptions.read': ['doctor', 'nurse', 'pharmacist'],
  'prescriptions.write': ['doctor'],
  'medications.doses.self': ['patient'],
  'medications.administer': ['nurse'],
  'prescriptions.own.read': ['patient'],
  'prescriptions.renew.request': ['patient'],
  'prescriptions.renew.decide': ['doctor'],
  'pharmacy.verify': ['pharmacist'],
  'pharmacy.dispense': ['pharmacist'],
  'decision-support.read': [...CLINICAL, 'admin'],
  'decision-support.manage': ['doctor', 'admin'],
  'decision-support.approve': ['doctor'],
  'labs.catalogue.read': [...CLINICAL, 'admin'],
  'labs.catalogue.manage': ['admin'],
  'labs.order': ['doctor'],
  'labs.read': ['doctor', 'nurse', 'lab_technician'],
  'labs.work': ['lab_technician'],
  'labs.review': ['doctor'],
  'labs.own.read': ['patient'],
  'labs.results.import': ['lab_technician'],
  'imaging.read': ['doctor', 'nurse', 'radiologist', 'radiographer'],
  'imaging.order': ['doctor'],
  // Radiographers work the worklist; radiologists keep it too (it is where they find performed
  // studies to report, and a radiologist may still upload).
  'imaging.perform': ['radiographer', 'radiologist'],
  'imaging.report': ['radiologist'],
  'devices.manage': ['patient', 'doctor', 'nurse'],
  // No person sends readings as a device: only a device's own credential (config.scopes) passes.
  'devices.own': ['patient'],
  'devices.ingest': [],
  'remote-monitoring.manage': ['doctor', 'nurse'],
  'vitals.read': ['doctor', 'nurse'],
  'vitals.write': ['doctor', 'nurse'],
  'vitals.settings': ['doctor'],
  'vitals.own': ['patient'],
  'tasks.work': ['doctor', 'nurse'],
  'billing.manage': ['billing', 'admin'],
  'billing.own': ['patient'],
  'telemedicine.join': ['patient', 'doctor', 'nurse'],
  'emergency.sos': ['patient'],
  // Any staff account may hold the dispatcher flag; the service checks it (or the emergency department).
  'emergency.dispatch': ALL_STAFF,
  'emergency.crew': ['paramedic'],
  'ed.work': ['doctor', 'nurse'],
  'ed.manage': ['admin'],
  'messages.staff': CLINICAL,
  'messages.own': ['patient'],
  'messages.inbox': ['doctor', 'nurse'],
  'messages.thread': ['patient', 'doctor', 'nurse'],
};

/**
 * Who may broadcast hospital-wide alerts is configurable (ALERTS_BROADCAST_ROLES, validated in
 * config.ts). The alerts module applies the configured roles once at start-up; the route guard and
 * the authorization matrix then read them through roleHasPermission like any other grant.
 */
export function configureAlertBroadcastRoles(roles: readonly Role[]): void {
  GRANTS['alerts.broadcast'] = roles.filter((r) => r !== 'patient');
}

export function roleHasPermission(role: Role, permission: Permission): boolean {
  if (permission === 'public' || permission === 'account' || permission === 'mfa.enroll') return true;
  return GRANTS[permission].includes(role);
}

export function rolesWithPermission(permission: Permission): Role[] {
  if (permission === 'public' || permission === 'account' || permission === 'mfa.enroll') return [];
  return [...GRANTS[permission]];
}

export const CLINICAL_ROLES = CLINICAL;
/** Roles that see the registration tier (demographics, contact, insurance) of every patient. */
export const REGISTRATION_TIER_ROLES: Role[] = ['receptionist', 'billing', 'admin'];
export const BREAK_GLASS_ROLES: Role[] = GRANTS['break-glass'];

/**
 * Every scope an integration API key may carry: the one list routes declare theirs from
 * (`config.scopes`; the route registry refuses any other). Some are reserved for integrations not
 * built yet (lab results, devices, FHIR) and accepted by no route.
 */
export const API_KEY_SCOPES = ['patients:read', 'lab-results:write', 'devices:write', 'fhir:read', 'fhir:write'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/**
 * The scopes some route accepts today: the only ones administrators can put on a key (a scope no
 * route accepts would make a key that is refused everywhere). The authorization matrix test holds
 * this list equal to the routes' declarations.
 */
export const ISSUABLE_API_KEY_SCOPES = ['patients:read', 'lab-results:write'] as const satisfies readonly ApiKeyScope[];

/**
 * Scopes only a device registration issues (src/modules/devices): the key is bound to one device and
 * so to one patient, which an administrator's key never is. Routes accept them; the admin API does not.
 */
export const DEVICE_BOUND_API_KEY_SCOPES = ['devices:write'] as const satisfies readonly ApiKeyScope[];

export const isApiKeyScope = (value: unknown): value is ApiKeyScope => (API_KEY_SCOPES as readonly unknown[]).includes(value);
