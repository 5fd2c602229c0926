/**
 * What each role may do: WRITTEN AND REVIEWED BY HAND from the intended access policy
 * (docs/security.md), one line per permission a role holds.
 *
 * This file must never import the production permission table (src/platform/authz/permissions.ts)
 * or derive anything from it: the authorization matrix (test/authorization-matrix.int.test.ts)
 * checks the live grants against this table, so a changed grant fails the suite until someone has
 * reviewed it and changed this table on purpose, in the same change, where a reviewer sees both.
 *
 * Permissions every caller passes (no role grants them): 'public' (anyone, signed in or not),
 * 'account' (any signed-in person) and 'mfa.enroll' (a staff member holding an enrolment token, or
 * any signed-in person). `alerts.broadcast` is configurable (ALERTS_BROADCAST_ROLES); this is the
 * default, which the test app runs with.
 */
import { withEmergencyAccess, type EmergencyPermission } from './expected-emergency-access.js';

export const UNIVERSAL_PERMISSIONS = ['public', 'account', 'mfa.enroll'] as const;

/**
 * Permissions no role holds: only an integration key passes them, by a scope the route accepts
 * (KEY_ACCESS in the matrix test). 'devices.ingest': a device's own credential sends its readings.
 */
export const KEY_ONLY_PERMISSIONS = ['devices.ingest'] as const;

/** Every permission a route may name: the universal ones and those granted below. */
export type ExpectedPermission =
  | (typeof UNIVERSAL_PERMISSIONS)[number]
  | 'patients.read'
  | 'patients.search'
  | 'patients.register'
  | 'patients.update'
  | 'patients.insurance.write'
  | 'patients.clinical.write'
  | 'care-team.read'
  | 'care-team.manage'
  | 'break-glass'
  | 'access-log.read'
  | 'privacy.review'
  | 'staff.directory'
  | 'reference.read'
  | 'admin.staff'
  | 'admin.audit'
  | 'audit.review'
  | 'admin.api-keys'
  | 'admin.outbox'
  | 'admin.integrations'
  | 'alerts.read'
  | 'alerts.broadcast'
  | 'alerts.code-blue'
  | 'clinical-alerts.read'
  | 'clinical-alerts.report'
  | 'appointments.book'
  | 'appointments.read'
  | 'appointments.manage'
  | 'availability.manage'
  | 'slots.search'
  | 'records.read'
  | 'records.write'
  | 'records.upload'
  | 'medications.formulary.read'
  | 'medications.formulary.manage'
  | 'decision-support.read'
  | 'decision-support.manage'
  | 'decision-support.approve'
  | 'prescriptions.read'
  | 'prescriptions.write'
  | 'medications.doses.self'
  | 'medications.administer'
  | 'prescriptions.own.read'
  | 'prescriptions.renew.request'
  | 'prescriptions.renew.decide'
  | 'pharmacy.verify'
  | 'pharmacy.dispense'
  | 'labs.catalogue.read'
  | 'labs.catalogue.manage'
  | 'labs.order'
  | 'labs.read'
  | 'labs.work'
  | 'labs.own.read'
  | 'labs.review'
  | 'labs.results.import'
  | 'imaging.read'
  | 'imaging.order'
  | 'imaging.perform'
  | 'imaging.report'
  | 'devices.manage'
  | 'devices.own'
  | 'remote-monitoring.manage'
  | 'vitals.read'
  | 'vitals.write'
  | 'vitals.settings'
  | 'vitals.own'
  | 'tasks.work'
  | 'billing.manage'
  | 'billing.own'
  | 'telemedicine.join'
  | 'messages.staff'
  | 'messages.own'
  | 'messages.inbox'
  | 'messages.thread'
  | EmergencyPermission
  | (typeof KEY_ONLY_PERMISSIONS)[number];

export type ExpectedRole =
  | 'patient'
  | 'doctor'
  | 'nurse'
  | 'receptionist'
  | 'pharmacist'
  | 'lab_technician'
  | 'radiologist'
  | 'radiographer'
  | 'billing'
  | 'inventory_manager'
  | 'paramedic'
  | 'admin';

type Granted = Exclude<ExpectedPermission, (typeof UNIVERSAL_PERMISSIONS)[number] | (typeof KEY_ONLY_PERMISSIONS)[number]>;

export const EXPECTED_ACCESS: Record<ExpectedRole, readonly Granted[]> = withEmergencyAccess({
  patient: [
    'patients.read', // their own record
    'patients.update', // their own demographics and contact
    'patients.insurance.write',
    'patients.clinical.write', // their own allergies and conditions
    'care-team.read',
    'access-log.read', // who opened their record
    'staff.directory',
    'reference.read',
    'appointments.book', // their own
    'appointments.read', // their own
    'slots.search',
    'records.read', // their own clinical record
    'records.upload', // documents to their own record
    'medications.doses.self', // their own doses: taken, skipped, snooze, adherence
    'prescriptions.own.read', // their own medicines and prescription PDFs
    'prescriptions.renew.request', // ask their prescriber to renew
    'labs.own.read', // their laboratory results once released to them
    'devices.manage', // register and revoke their own home devices
    'devices.own', // the portal's My devices page
    'vitals.own', // their own home vital signs: enter them, see their chart
    'billing.own', // their own bills (issued invoices, never drafts)
    'telemedicine.join', // the video call of their own telemedicine appointment
    'messages.own', // their own conversations with their care team or a department inbox
    'messages.thread', // one of their own conversations through the API (the service checks it is theirs)
  ],
  doctor: [
    'patients.read',
    'patients.search',
    'patients.register',
    'patients.update',
    'patients.clinical.write',
    'care-team.read',
    'break-glass',
    'access-log.read',
    'privacy.review',
    'audit.review', // privacy officers only (the flag is checked in the service)
    'staff.directory',
    'reference.read',
    'alerts.read',
    'alerts.code-blue', // call a medical emergency, that one alert type only
    'clinical-alerts.read', // clinical alerts addressed or escalated to them (the service checks the chain)
    'messages.staff', // staff threads: their own direct and group threads, their care teams' threads (services check membership / the care team)
    'appointments.book',
    'appointments.read',
    'appointments.manage',
    'availability.manage',
    'slots.search',
    'records.read',
    'records.write',
    'records.upload',
    'medications.formulary.read', // the formulary's products (no patient data)
    'decision-support.read', // the decision-support knowledge base and guideline library (no patient data)
    'decision-support.manage', // edit knowledge-base entries, add hospital protocols
    'decision-support.approve', // approve knowledge-base entries
    'prescriptions.read',
    'prescriptions.write', // doctors prescribe
    'prescriptions.renew.decide', // their own queue of renewal requests
    'labs.catalogue.read', // the laboratory catalogue (no patient data)
    'labs.order', // order and cancel laboratory tests (services check the clinical tier)
    'labs.read', // a patient's laboratory orders and results (clinical tier)
    'labs.review', // review resulted orders, one or a batch of their own
    'imaging.read', // radiology orders, studies and reports of patients they have clinical access to
    'imaging.order', // order and cancel imaging examinations
    'devices.manage', // a care-team patient's home devices
    'remote-monitoring.manage', // enrol care-team patients, the remote-monitoring board
    'vitals.read', // vital signs and NEWS2 of their department's round, care team or break-the-glass patients; the board of critical patients of any department
    'vitals.write', // enter a set of vital signs
    'vitals.settings', // a patient's NEWS2 settings (SpO2 scale 2, pregnancy), with a reason
    'tasks.work', // care-team tasks on their care team's patients, and their own "My tasks"
    'telemedicine.join', // the video call of their own telemedicine appointments
    'messages.inbox', // the team inbox: patient conversations of their care teams and department; open an encounter from one
    'messages.thread', // a patient conversation through the API (care team, department inbox or break-the-glass: checked per thread)
  ],
  nurse: [
    'patients.read',
    'patients.search',
    'patients.register',
    'patients.update',
    'patients.clinical.write',
    'care-team.read',
    'care-team.manage', // lead nurses only (flag checked in the service)
    'break-glass',
    'access-log.read',
    'privacy.review',
    'audit.review', // privacy officers only (the flag is checked in the service)
    'staff.directory',
    'reference.read',
    'alerts.read',
    'alerts.code-blue', // call a medical emergency, that one alert type only
    'clinical-alerts.read', // clinical alerts addressed or escalated to them (the service checks the chain)
    'messages.staff', // staff threads: their own direct and group threads, their care teams' threads (services check membership / the care team)
    'appointments.book',
    'appointments.read',
    'appointments.manage',
    'availability.manage',
    'slots.search',
    'records.read',
    'records.write',
    'records.upload',
    'medications.formulary.read', // the formulary's products (no patient data)
    'decision-support.read', // the decision-support knowledge base and guideline library (no patient data)
    'prescriptions.read', // nurses read prescriptions (administration will build on it)
    'medications.administer', // due and overdue doses of their department's patients: given / not given
    'labs.catalogue.read', // the laboratory catalogue (no patient data)
    'labs.read', // a patient's laboratory orders and results (clinical tier)
    'imaging.read', // radiology orders and reports of patients they have clinical access to
    'devices.manage', // a care-team patient's home devices
    'remote-monitoring.manage', // enrol care-team patients, the remote-monitoring board
    'vitals.read', // vital signs and NEWS2 of their department's round, care team or break-the-glass patients; the board of critical patients of any department
    'vitals.write', // the observation round: enter sets of vital signs
    'tasks.work', // care-team tasks on their care team's patients, and their own "My tasks"
    'telemedicine.join', // the video call of their own telemedicine appointments
    'messages.inbox', // the team inbox: patient conversations of their care teams and department; open an encounter from one
    'messages.thread', // a patient conversation through the API (care team, department inbox or break-the-glass: checked per thread)
  ],
  receptionist: [
    'patients.read', // registration tier
    'patients.search',
    'patients.register',
    'patients.update',
    'patients.insurance.write',
    'care-team.read',
    'care-team.manage',
    'access-log.read',
    'privacy.review',
    'audit.review', // privacy officers only (the flag is checked in the service)
    'staff.directory',
    'reference.read',
    'alerts.read',
    'appointments.book',
    'appointments.read',
    'appointments.manage',
    'slots.search',
    'records.read', // registration tier: never note text
  ],
  pharmacist: [
    'patients.read',
    'patients.search',
    'care-team.read',
    'access-log.read',
    'privacy.review',
    'audit.review', // privacy officers only (the flag is checked in the service)
    'staff.directory',
    'reference.read',
    'alerts.read',
    'alerts.code-blue', // call a medical emergency, that one alert type only
    'clinical-alerts.read', // clinical alerts addressed or escalated to them (the service checks the chain)
    'messages.staff', // staff threads: their own direct and group threads, their care teams' threads (services check membership / the care team)
    'appointments.read',
    'records.read',
    'records.upload',
    'medications.formulary.read',
    'decision-support.read', // the decision-support knowledge base and guideline library (no patient data)
    'medications.formulary.manage', // the pharmacy keeps the formulary
    'prescriptions.read', // pharmacists read prescriptions (verification will build on it)
    'pharmacy.verify', // the verification queue: any signed prescription, audited with basis pharmacy
    'pharmacy.dispense', // dispensing, its history and labels
    'labs.catalogue.read', // the laboratory catalogue (no patient data)
  ],
  lab_technician: [
    'patients.read',
    'patients.search',
    'care-team.read',
    'access-log.read',
    'privacy.review',
    'audit.review', // privacy officers only (the flag is checked in the service)
    'staff.directory',
    'reference.read',
    'alerts.read',
    'alerts.code-blue', // call a medical emergency, that one alert type only
    'clinical-alerts.read', // clinical alerts addressed or escalated to them (the service checks the chain)
    'messages.staff', // staff threads: their own direct and group threads, their care teams' threads (services check membership / the care team)
    'appointments.read',
    'records.read',
    'records.upload',
    'medications.formulary.read', // the formulary's products (no patient data)
    'decision-support.read', // the decision-support knowledge base and guideline library (no patient data)
    'labs.catalogue.read', // the laboratory catalogue (no patient data)
    'labs.read', // any order that reaches the laboratory (audited, relationship laboratory)
    'labs.work', // the queue, collection and label, receiving, entering results
    'labs.results.import', // FHIR laboratory reports (also integration keys with lab-results:write)
  ],
  radiologist: [
    'patients.read',
    'patients.search',
    'care-team.read',
    'access-log.read',
    'privacy.review',
    'audit.review', // privacy officers only (the flag is checked in the service)
    'staff.directory',
    'reference.read',
    'alerts.read',
    'alerts.code-blue', // call a medical emergency, that one alert type only
    'clinical-alerts.read', // clinical alerts addressed or escalated to them (the service checks the chain)
    'messages.staff', // staff threads: their own direct and group threads, their care teams' threads (services check membership / the care team)
    'appointments.read',
    'availability.manage',
    'records.read',
    'records.upload',
    'medications.formulary.read', // the formulary's products (no patient data)
    'decision-support.read', // the decision-support knowledge base and guideline library (no patient data)
    'labs.catalogue.read', // the laboratory catalogue (no patient data)
    'imaging.read', // any imaging order (radiology basis, audited)
    'imaging.perform', // the worklist, scheduling, DICOM uploads
    'imaging.report', // draft, sign, addenda
  ],
  radiographer: [
    'patients.read',
    'patients.search',
    'care-team.read',
    'access-log.read',
    'privacy.review',
    'audit.review', // privacy officers only (the flag is checked in the service)
    'staff.directory',
    'reference.read',
    'alerts.read',
    'alerts.code-blue', // call a medical emergency, that one alert type only
    'clinical-alerts.read', // clinical alerts addressed or escalated to them (the service checks the chain)
    'messages.staff', // staff threads: their own direct and group threads, their care teams' threads (services check membership / the care team)
    'appointments.read',
    'records.read',
    'records.upload',
    'medications.formulary.read', // the formulary's products (no patient data)
    'decision-support.read', // the decision-support knowledge base and guideline library (no patient data)
    'labs.catalogue.read', // the laboratory catalogue (no patient data)
    'imaging.read', // any imaging order (radiology basis, audited)
    'imaging.perform', // the worklist, scheduling, DICOM uploads: the radiographer's work (never the report)
  ],
  billing: [
    'patients.read', // registration tier
    'patients.search',
    'patients.insurance.write',
    'access-log.read',
    'privacy.review',
    'audit.review', // privacy officers only (the flag is checked in the service)
    'staff.directory',
    'reference.read',
    'alerts.read',
    'appointments.read',
    'records.read', // registration tier: never note text
    'billing.manage', // the price list, charges, invoices and queues (registration tier)
  ],
  inventory_manager: ['access-log.read', 'privacy.review', 'audit.review', 'staff.directory', 'reference.read', 'alerts.read'],
  paramedic: [
    'patients.read',
    'patients.search',
    'patients.clinical.write',
    'care-team.read',
    'break-glass',
    'access-log.read',
    'privacy.review',
    'audit.review', // privacy officers only (the flag is checked in the service)
    'staff.directory',
    'reference.read',
    'alerts.read',
    'alerts.code-blue', // call a medical emergency, that one alert type only
    'clinical-alerts.read', // clinical alerts addressed or escalated to them (the service checks the chain)
    'messages.staff', // staff threads: their own direct and group threads, their care teams' threads (services check membership / the care team)
    'appointments.read',
    'records.read',
    'records.write',
    'records.upload',
    'medications.formulary.read', // the formulary's products (no patient data)
    'decision-support.read', // the decision-support knowledge base and guideline library (no patient data)
    'labs.catalogue.read', // the laboratory catalogue (no patient data)
  ],
  admin: [
    'patients.read',
    'patients.search',
    'patients.register',
    'patients.update',
    'patients.insurance.write',
    'care-team.read',
    'care-team.manage',
    'access-log.read',
    'privacy.review',
    'audit.review',
    'staff.directory',
    'reference.read',
    'admin.staff',
    'admin.audit',
    'admin.api-keys',
    'admin.outbox',
    'admin.integrations', // inbound HL7 messages; the detail names a patient's MRN and results (audited as a clinical read)
    'alerts.read',
    'alerts.broadcast',
    'clinical-alerts.report', // time to acknowledge: figures and times, no patient data
    'appointments.book',
    'appointments.read',
    'appointments.manage',
    'availability.manage',
    'slots.search',
    'medications.formulary.read',
    'decision-support.read', // the decision-support knowledge base and guideline library (no patient data)
    'decision-support.manage', // edit knowledge-base entries, add hospital protocols
    'medications.formulary.manage',
    'labs.catalogue.read', // the laboratory catalogue (no patient data)
    'labs.catalogue.manage', // lab administration: tests, units, ranges, critical limits
    'billing.manage', // the price list and billing's work, as billing staff
  ],
});

/** Whether the hand-written table lets `role` through a guard that requires `permission`. */
export function expectedMay(role: ExpectedRole, permission: ExpectedPermission): boolean {
  return ([...UNIVERSAL_PERMISSIONS, ...EXPECTED_ACCESS[role]] as readonly string[]).includes(permission);
}
