import type { FastifyInstance } from 'fastify';
import { noStore } from '../../platform/http/api-helpers.js';
import { registerEncountersApi } from './encounters/encounters.api.js';
import { registerNotesApi } from './notes/notes.api.js';
import { registerEncounterPages } from './encounters/encounters.pages.js';
import { registerNotePages } from './notes/notes.pages.js';
import { registerDocuments } from './documents/documents.routes.js';
import { registerCarePlans } from './care-plans/care-plans.register.js';
import { registerDiagnoses } from './diagnoses/diagnoses.register.js';
import { registerChartModule } from './chart/chart.module.js';

/** The clinical record: encounters, notes, diagnoses, documents, care plans, the chart. */
export async function registerRecordsModule(app: FastifyInstance): Promise<void> {
  await app.register(async (scope) => {
    // Every answer here may carry PHI: never stored by browsers or proxies.
    scope.addHook('onSend', async (_request, reply, payload) => {
      noStore(reply);
      return payload;
    });
    registerEncountersApi(scope);
    registerNotesApi(scope);
    registerEncounterPages(scope);
    registerNotePages(scope);
    registerDocuments(scope);
    registerCarePlans(scope);
    registerDiagnoses(scope);
    registerChartModule(scope);
  });
}

// What other modules may import (docs/architecture.md); every other file of this folder is private.
/** Started by the server at boot (see the loader for why not lazily on the first search); the test set-up loads the list once. */
export { loadIfEmpty, preloadIcd10 } from './diagnoses/services/icd10-loader.service.js';
export { carePlans } from './care-plans/care-plans.tables.js';
export { documents } from './documents/documents.tables.js';
/** Coded observations (LOINC, UCUM): the one store for measurements (goal readings today, vital signs next). */
export {
  observations,
  OBSERVATION_FLAGS,
  OBSERVATION_SOURCES,
  type ObservationFlag,
  type ObservationSource,
} from './observations/observations.tables.js';
export { OBSERVATION_CODES, SAME_QUANTITY, observationCode, unitLabel, type ObservationCode } from './observations/observation-codes.js';
export {
  assertPlausibleReading,
  checkReading,
  deviceReadingsRead,
  readGoalObservations,
  readSetObservations,
  setReadingsRead,
  recordObservation,
  type NewReading,
  type ObservationDto,
} from './observations/observations.service.js';
/** For devices (src/modules/devices): the same per-reading rule as an answer, and a batch write of one patient's device readings. */
export {
  checkDeviceReading,
  recordDeviceObservations,
  type BatchObservation,
  type ReadingProblem,
} from './observations/observations-batch.js';
export { recentObservationsQuery } from './observations/observations-recent.js';
/** For the demo seed (src/demo): a plan from a template, activated, as a doctor does. */
export { createCarePlan, activateCarePlan } from './care-plans/services/care-plans.service.js';
export { activeGoalTargets, type GoalTarget } from './care-plans/services/care-plan-goal-targets.service.js';
/** For the home pages' worklists (src/modules/home). */
export { getHealthRecord, getHealthRecordWith, type HealthRecord } from './health-record/services/health-record.service.js';
export { listTodayForClinician, todayForClinicianRead, dayBounds } from './encounters/services/encounters-today.service.js';
/** For the medication round and the observation round (medications, vitals): a department's patients today. */
export { departmentRound } from './encounters/services/department-round.service.js';
export type { RoundPatient } from './encounters/department-round.repository.js';
export type { TodayRow } from './encounters/views/encounter-today-page.js';
export { listMyPatients, myPatientsRead, type AssignedPatient } from './chart/services/chart-my-patients.service.js';
export { listMyDraftNotes, myDraftNotesRead } from './notes/services/notes-query.service.js';
export type { DraftNoteRow } from './notes/notes.repository.js';
/** Test fixtures: rows of a record written straight to the database, for other modules' tests (the home pages). */
export {
  seedCarePlan,
  seedDraftNote,
  seedEncounter,
  seedPatientDocument,
  seedRecord,
  seedTodaysAppointment,
} from './chart/chart-test-support.js';
/** Tables the demo seed writes directly (a data loader, like `importPatientRecord`: no access check, no audit). */
export { encounters, encounterSummaries } from './encounters/encounters.tables.js';
export { clinicalNotes } from './notes/notes.tables.js';
export { diagnoses } from './diagnoses/diagnoses.tables.js';
export { carePlanGoals } from './care-plans/care-plans.tables.js';
/** For prescriptions (src/modules/medications): the indication is a problem-list entry; the encounter must be the patient's. */
export { buildProblemList, listProblemList, problemListReads } from './diagnoses/services/diagnoses.service.js';
export type { Problem } from './diagnoses/diagnoses.schemas.js';
export { encounterOwner, findEncounterPatientId } from './encounters/encounters.repository.js';
/** For billing: a procedure recorded, in its transaction; an encounter's codes for the billing tier (docs/billing.md). */
export { registerProcedureHook, type ProcedureHook, type ProcedurePerformed } from './diagnoses/services/procedure-hooks.js';
export { encounterCodesReads } from './encounters/encounter-codes.repository.js';
/** For telemedicine (src/modules/telemedicine): ending a video visit opens (or finds) its encounter for the note. */
export { findEncounterByAppointment } from './encounters/encounters.repository.js';
/** For patient messaging (src/modules/messaging): a clinician turns a conversation into an encounter. */
export { openEncounter } from './encounters/services/encounters.service.js';
/** For decision support (src/modules/decision-support): an encounter's notes, diagnoses and recent observations, read as the encounter is. */
export { readEncounterFindings, type EncounterFindings } from './encounters/services/encounter-findings.service.js';
/** For imaging (src/modules/imaging): DICOM instances filed as the patient's imaging documents, and their stored files read back. */
export { fileImagingDocument, activeDocumentFiles } from './documents/documents-imaging.js';
export { DICOM_HEADER_BYTES } from './documents/documents-dicom.js';
export { DICOM_MAX_BYTES } from './documents/documents.schemas.js';
