import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadCatalogs, SUPPORTED_LOCALES } from '../src/platform/i18n/i18n.js';

/**
 * No raw codes on screen: every value of each status / kind / category set that pages, e-mails or
 * PDFs print has its label key in all four locales. The sets are read from their source (so a new
 * value added there fails here until it is labelled), the keys are the ones the views build.
 */
const SETS: { file: string; name: string; keys: string[]; except?: string[]; keyOf?: (value: string) => string }[] = [
  {
    file: 'src/modules/scheduling/appointments/appointments.tables.ts',
    name: 'APPOINTMENT_STATUSES',
    keys: ['scheduling.appointment_status_'],
  },
  { file: 'src/modules/scheduling/waitlist/waitlist.tables.ts', name: 'WAITLIST_STATUSES', keys: ['scheduling.waitlist_status_'] },
  { file: 'src/modules/scheduling/availability/scheduling.tables.ts', name: 'EXCEPTION_KINDS', keys: ['scheduling.kind_'] },
  {
    file: 'src/modules/scheduling/waitlist/auto-assign.schemas.ts',
    name: 'REASON_CODES',
    keys: ['scheduling.auto_assign_reason_'],
    except: ['seen_before'], // worded per reader: auto_assign_reason_seen_you / _seen_patient (checked below)
  },
  { file: 'src/modules/admin/admin.schemas.ts', name: 'STAFF_STATUSES', keys: ['admin.status_'] },
  { file: 'src/modules/messaging/patient-threads/patient-threads.vocabulary.ts', name: 'MESSAGE_KINDS', keys: ['messaging.kind_'] },
  {
    file: 'src/modules/messaging/patient-threads/patient-threads.vocabulary.ts',
    name: 'THREAD_RECIPIENTS',
    keys: ['messaging.recipient_'],
  },
  { file: 'src/platform/outbox/outbox.tables.ts', name: 'OUTBOX_STATUSES', keys: ['admin.outbox_status_'] },
  { file: 'src/platform/outbox/outbox.tables.ts', name: 'OUTBOX_CHANNELS', keys: ['admin.channel_'] },
  { file: 'src/platform/hl7/hl7-inbound.types.ts', name: 'HL7_INBOUND_STATUSES', keys: ['hl7.status_'] },
  { file: 'src/modules/patients/records.schemas.ts', name: 'ALLERGY_SEVERITIES', keys: ['patients.severity_'] },
  { file: 'src/modules/patients/records.schemas.ts', name: 'ALLERGY_STATUSES_EDITABLE', keys: ['patients.status_'] },
  { file: 'src/modules/patients/records.schemas.ts', name: 'CONDITION_CATEGORIES', keys: ['patients.category_'] },
  { file: 'src/modules/patients/patients.schemas.ts', name: 'SEXES', keys: ['patients.sex_'] },
  { file: 'src/modules/patients/patients.tables.ts', name: 'ALLERGY_STATUSES', keys: ['patients.allergy_status_'] },
  { file: 'src/modules/records/encounters/encounters.tables.ts', name: 'ENCOUNTER_TYPES', keys: ['records.enc_type_'] },
  {
    file: 'src/modules/records/encounters/encounters.tables.ts',
    name: 'ENCOUNTER_STATUSES',
    keys: ['records.enc_status_', 'records.hist_status_'],
  },
  { file: 'src/modules/records/history/history.schemas.ts', name: 'TIMELINE_KINDS', keys: ['records.hist_kind_'] },
  { file: 'src/modules/records/notes/notes.tables.ts', name: 'NOTE_STATUSES', keys: ['records.note_status_', 'records.hist_status_'] },
  {
    file: 'src/modules/records/care-plans/care-plans.tables.ts',
    name: 'CARE_PLAN_STATUSES',
    keys: ['records.cp_status_', 'records.hist_status_'],
  },
  { file: 'src/modules/records/care-plans/care-plans.tables.ts', name: 'GOAL_STATUSES', keys: ['records.cp_goal_'] },
  { file: 'src/modules/records/care-plans/care-plans.tables.ts', name: 'ACTIVITY_STATUSES', keys: ['records.cp_activity_'] },
  { file: 'src/modules/records/care-plans/care-plans.templates.ts', name: 'CARE_PLAN_TEMPLATE_CODES', keys: ['records.cp_template_'] },
  {
    file: 'src/modules/records/diagnoses/diagnoses.tables.ts',
    name: 'DIAGNOSIS_RANKS',
    keys: ['records.dx_rank_', 'records.hist_status_'],
  },
  {
    file: 'src/modules/records/documents/documents.tables.ts',
    name: 'DOCUMENT_CATEGORIES',
    keys: ['records.doc_category_', 'records.hist_status_'],
  },
  { file: 'src/modules/records/documents/documents.tables.ts', name: 'DOCUMENT_SOURCES', keys: ['records.doc_source_'] },
  { file: 'src/modules/notifications/notifications.tables.ts', name: 'NOTIFICATION_CATEGORIES', keys: ['notifications.category_'] },
  { file: 'src/modules/imaging/imaging.vocabulary.ts', name: 'IMAGING_MODALITIES', keys: ['imaging.modality_'] },
  { file: 'src/modules/imaging/imaging.vocabulary.ts', name: 'IMAGING_PRIORITIES', keys: ['imaging.priority_'] },
  { file: 'src/modules/imaging/imaging.vocabulary.ts', name: 'IMAGING_ORDER_STATUSES', keys: ['imaging.status_'] },
  { file: 'src/modules/imaging/imaging.vocabulary.ts', name: 'IMAGING_REPORT_STATUSES', keys: ['imaging.report_status_'] },
  { file: 'src/modules/clinical-alerts/clinical-alerts.vocabulary.ts', name: 'CLINICAL_ALERT_KINDS', keys: ['clinical_alerts.kind_'] },
  {
    file: 'src/modules/clinical-alerts/clinical-alerts.vocabulary.ts',
    name: 'CLINICAL_ALERT_SEVERITIES',
    keys: ['clinical_alerts.severity_'],
  },
  { file: 'src/modules/clinical-alerts/clinical-alerts.vocabulary.ts', name: 'CLINICAL_ALERT_STATUSES', keys: ['clinical_alerts.status_'] },
  {
    file: 'src/modules/clinical-alerts/clinical-alerts.vocabulary.ts',
    name: 'CLINICAL_ALERT_EVENTS',
    keys: ['clinical_alerts.event_', 'clinical_alerts.event_line_'],
  },
  { file: 'src/modules/clinical-alerts/clinical-alerts.vocabulary.ts', name: 'ESCALATION_STEPS', keys: ['clinical_alerts.step_'] },
  { file: 'src/modules/labs/labs.vocabulary.ts', name: 'LAB_ORDER_STATUSES', keys: ['labs.status_'] },
  { file: 'src/modules/labs/labs.vocabulary.ts', name: 'LAB_PRIORITIES', keys: ['labs.priority_'] },
  { file: 'src/modules/labs/labs.vocabulary.ts', name: 'LAB_RESULT_STATUSES', keys: ['labs.result_status_'] },
  {
    file: 'src/modules/labs/services/lab-reconciliation.service.ts',
    name: 'UNMATCHED_REASONS',
    keys: ['labs.reconcile_reason_'],
  },
  { file: 'src/modules/labs/labs.vocabulary.ts', name: 'LAB_FLAGS', keys: ['labs.flag_'] },
  { file: 'src/modules/labs/labs.vocabulary.ts', name: 'LAB_SPECIMENS', keys: ['labs.specimen_'] },
  { file: 'src/modules/labs/labs.vocabulary.ts', name: 'LAB_RANGE_SEXES', keys: ['labs.sex_'] },
  { file: 'src/modules/labs/labs.vocabulary.ts', name: 'LAB_RESULT_SOURCES', keys: ['labs.source_'] },
  { file: 'src/modules/labs/labs.vocabulary.ts', name: 'LAB_CATEGORIES', keys: ['labs.category_'] },
  { file: 'src/modules/labs/labs.vocabulary.ts', name: 'LAB_RELEASE_RULES', keys: ['labs.release_rule_'] },
  { file: 'src/modules/labs/labs.vocabulary.ts', name: 'LAB_PERFORMERS', keys: ['labs.performed_by_'] },
  { file: 'src/modules/labs/labs.vocabulary.ts', name: 'LAB_SEND_OUT_STATES', keys: ['labs.send_out_state_'] },
  { file: 'src/modules/alerts/alerts.tables.ts', name: 'ALERT_TYPES', keys: ['alerts.type_'] },
  { file: 'src/modules/alerts/alerts.tables.ts', name: 'ALERT_SEVERITIES', keys: ['alerts.severity_', 'notifications.severity_'] },
  { file: 'src/modules/alerts/alerts.tables.ts', name: 'ALERT_CHANNELS', keys: ['alerts.channel_'] },
  { file: 'src/platform/auth/auth.tables.ts', name: 'ROLES', keys: ['identity.role_', 'staff.role_', 'patients.role_'] },
  { file: 'src/platform/auth/auth.tables.ts', name: 'SESSION_KINDS', keys: ['identity.session_kind_'] },
  {
    file: 'src/platform/authz/permissions.ts',
    name: 'API_KEY_SCOPES',
    keys: ['admin.scope_'],
    keyOf: (scope) => scope.replace(/[^a-z]/g, '_'), // as scopeKey in the admin views
  },
];

/** The string values of `export const NAME = [ ... ]` in a source file. */
function valuesOf(file: string, name: string): string[] {
  const text = readFileSync(file, 'utf8');
  const match = new RegExp(`export const ${name} = \\[([^\\]]*)\\]`).exec(text);
  if (!match) throw new Error(`${name} not found in ${file}`);
  return [...match[1]!.matchAll(/'([^']+)'/g)].map((m) => m[1]!);
}

describe('every status, kind and category has a label in all four locales', () => {
  const catalogs = loadCatalogs();
  it.each(SETS)('$name', ({ file, name, keys, except = [], keyOf = (v: string) => v }) => {
    const values = valuesOf(file, name).filter((v) => !except.includes(v));
    expect(values.length).toBeGreaterThan(1);
    const missing = SUPPORTED_LOCALES.flatMap((locale) =>
      keys.flatMap((prefix) =>
        values.filter((v) => !catalogs[locale]!.get(`${prefix}${keyOf(v)}`)).map((v) => `${locale}:${prefix}${keyOf(v)}`),
      ),
    );
    expect(missing).toEqual([]);
  });

  it('words "seen before" for the patient and for staff', () => {
    for (const locale of SUPPORTED_LOCALES)
      for (const key of ['scheduling.auto_assign_reason_seen_you', 'scheduling.auto_assign_reason_seen_patient'])
        expect(catalogs[locale]!.get(key), `${locale}:${key}`).toBeTruthy();
  });
});
