import { eq } from 'drizzle-orm';
import type { Db } from '../platform/db/database.js';
import { appointments, visitTypes } from '../modules/scheduling/index.js';
import type { DemoPatientIds } from './demo-activity.js';

const MINUTE = 60_000;
/** The video visit starts this long after seeding, so its "Join video visit" button is there at once (it opens 10 minutes before). */
const STARTS_AFTER_MINUTES = 5;

/**
 * A telemedicine appointment of Youssef Karim (patient2@) with the GP (gp@), starting five minutes
 * after seeding (docs/demo.md, docs/telemedicine.md): both see "Join video visit" at once, and the
 * browser journey (e2e/telemedicine.spec.ts) holds the call. Neither has another visit that day.
 */
export async function seedDemoVideoVisit(
  tx: Db,
  now: Date,
  patientIds: DemoPatientIds,
  staffIdByEmail: Map<string, string>,
): Promise<void> {
  const [type] = await tx
    .select({ id: visitTypes.id, minutes: visitTypes.durationMinutes })
    .from(visitTypes)
    .where(eq(visitTypes.code, 'telemedicine'));
  const patient = patientIds.get('Youssef Karim');
  const staffId = staffIdByEmail.get('gp@carewell.test');
  if (!type || !patient || !staffId) return;
  const startsAt = new Date(Math.floor(now.getTime() / MINUTE) * MINUTE + STARTS_AFTER_MINUTES * MINUTE);
  await tx.insert(appointments).values({
    patientId: patient.patientId,
    staffId,
    visitTypeId: type.id,
    startsAt,
    endsAt: new Date(startsAt.getTime() + type.minutes * MINUTE),
    status: 'booked',
    reason: 'Video follow-up: thyroid results',
    createdAt: now,
    updatedAt: now,
  });
}
