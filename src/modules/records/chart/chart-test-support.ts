import { randomUUID } from 'node:crypto';
import type { Db } from '../../../platform/db/database.js';
import { storedFiles } from '../../../platform/files/files.tables.js';
import { appointments, visitTypes } from '../../scheduling/index.js';
import { carePlanGoals, carePlans } from '../care-plans/care-plans.tables.js';
import { diagnoses } from '../diagnoses/diagnoses.tables.js';
import { documents } from '../documents/documents.tables.js';
import { encounterSummaries, encounters } from '../encounters/encounters.tables.js';
import { clinicalNotes } from '../notes/notes.tables.js';

/** What the fixtures need of a test app (structural, so src/ does not import test/: no cycle through index.ts). */
export interface TestApp {
  db: Db;
  clock: { now(): Date };
}

/**
 * Rows of the other parts of the record, written straight to the database for the chart's tests
 * (each part's own API has its own tests). Every value is made here: no dependence on other files.
 */
export interface ChartFixture {
  encounterId: string;
  noteId: string;
  documentId: string;
  carePlanId: string;
}

export async function seedEncounter(t: TestApp, patientId: string, doctor: { staffId: string; userId: string }) {
  const now = t.clock.now();
  const [row] = await t.db
    .insert(encounters)
    .values({
      patientId,
      clinicianId: doctor.staffId,
      type: 'outpatient',
      status: 'finished',
      startedAt: new Date(now.getTime() - 3_600_000),
      endedAt: now,
      createdBy: doctor.userId,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  return row!;
}

export async function seedDraftNote(t: TestApp, patientId: string, encounterId: string, authorStaffId: string, assessment: string) {
  const [row] = await t.db
    .insert(clinicalNotes)
    .values({
      patientId,
      encounterId,
      authorId: authorStaffId,
      status: 'draft',
      assessment,
      subjective: 'Tired',
      plan: 'Review',
      createdAt: t.clock.now(),
      updatedAt: t.clock.now(),
    })
    .returning();
  return row!;
}

export async function seedPatientDocument(t: TestApp, patientId: string, uploadedBy: string, title: string, at: Date = t.clock.now()) {
  const fileId = randomUUID();
  await t.db.insert(storedFiles).values({
    id: fileId,
    purpose: 'document',
    contentType: 'application/pdf',
    sizeBytes: 2048,
    sha256: 'a'.repeat(64),
    keyId: 'k1',
    wrappedKey: 'x',
    createdBy: uploadedBy,
    createdAt: at,
  });
  const [row] = await t.db
    .insert(documents)
    .values({ patientId, fileId, category: 'lab_report', title, source: 'patient', uploadedBy, createdAt: at })
    .returning();
  return row!;
}

export async function seedCarePlan(t: TestApp, patientId: string, createdBy: string, title: string, nextReviewAt: Date) {
  const [row] = await t.db
    .insert(carePlans)
    .values({
      patientId,
      title,
      conditionCode: 'E11',
      status: 'active',
      nextReviewAt,
      createdBy,
      activatedAt: t.clock.now(),
      createdAt: t.clock.now(),
      updatedAt: t.clock.now(),
    })
    .returning();
  await t.db.insert(carePlanGoals).values([
    { carePlanId: row!.id, patientId, description: 'HbA1c below 7 %', status: 'met', createdAt: t.clock.now(), updatedAt: t.clock.now() },
    {
      carePlanId: row!.id,
      patientId,
      description: 'Walk 30 minutes a day',
      status: 'in_progress',
      createdAt: t.clock.now(),
      updatedAt: t.clock.now(),
    },
  ]);
  return row!;
}

export async function seedTodaysAppointment(t: TestApp, patientId: string, staffId: string, startsAt: Date) {
  const [type] = await t.db
    .insert(visitTypes)
    .values({ code: `chart-${randomUUID()}`, name: 'Chart test visit', durationMinutes: 20, createdAt: t.clock.now() })
    .returning();
  const [row] = await t.db
    .insert(appointments)
    .values({
      patientId,
      staffId,
      visitTypeId: type!.id,
      startsAt,
      endsAt: new Date(startsAt.getTime() + 20 * 60_000),
      status: 'booked',
      createdAt: t.clock.now(),
      updatedAt: t.clock.now(),
    })
    .returning();
  return row!;
}

/** A whole record: a finished encounter with a draft note, a diagnosis, a shared summary, a patient document, a care plan. */
export async function seedRecord(
  t: TestApp,
  patientId: string,
  doctor: { staffId: string; userId: string },
  patientUserId: string,
  marker: string,
): Promise<ChartFixture> {
  const now = t.clock.now();
  const encounter = await seedEncounter(t, patientId, doctor);
  const note = await seedDraftNote(t, patientId, encounter.id, doctor.staffId, `Assessment ${marker}`);
  await t.db.insert(diagnoses).values({
    patientId,
    encounterId: encounter.id,
    code: 'E11.9',
    description: 'Type 2 diabetes mellitus without complications',
    rank: 'primary',
    chronic: true,
    recordedBy: doctor.userId,
    recordedAt: now,
    createdAt: now,
  });
  await t.db.insert(encounterSummaries).values({
    encounterId: encounter.id,
    patientId,
    summary: `Summary ${marker}`,
    instructions: `Instructions ${marker}`,
    sharedBy: doctor.staffId,
    sharedAt: now,
  });
  const document = await seedPatientDocument(t, patientId, patientUserId, `Lab ${marker}`);
  const plan = await seedCarePlan(t, patientId, doctor.userId, `Plan ${marker}`, new Date(now.getTime() - 86_400_000));
  return { encounterId: encounter.id, noteId: note.id, documentId: document.id, carePlanId: plan.id };
}
