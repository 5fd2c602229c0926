import { eq } from 'drizzle-orm';
import type { IntegrationContext } from '../platform/auth/actor.js';
import type { Db } from '../platform/db/database.js';
import { acknowledgeClinicalAlert, clinicalAlerts } from '../modules/clinical-alerts/index.js';
import { devices, enrolInMonitoring, ingestDeviceReadings, registerDevice, type IncomingReading } from '../modules/devices/index.js';
import { activateCarePlan, createCarePlan } from '../modules/records/index.js';
import type { DemoPatientIds } from './demo-activity.js';
import { demoStaffActor } from './demo-actors.js';

const MINUTE = 60_000;
const DAY = 86_400_000;

/** The home blood-pressure patient (docs/demo.md): Fatima Benali, hypertension, Dr. Haddad and Sam Patel's patient. */
export const DEMO_HOME_BP_PATIENT = 'Fatima Benali';

/**
 * Fourteen mornings of home readings, oldest first (systolic, diastolic, pulse): under the care
 * plan's 130/80 but for two — nine days ago (acknowledged by the nurse that morning) and yesterday
 * (its alert still unreviewed on the board).
 */
const MORNINGS: [number, number, number][] = [
  [126, 78, 72],
  [124, 76, 70],
  [128, 79, 74],
  [122, 75, 69],
  [148, 92, 81],
  [127, 78, 73],
  [125, 77, 71],
  [121, 74, 68],
  [126, 76, 72],
  [129, 79, 75],
  [123, 75, 70],
  [127, 77, 72],
  [158, 96, 84],
  [124, 76, 70],
];

/**
 * Fatima Benali's home blood pressure, through the real services (docs/remote-monitoring.md): Dr.
 * Haddad starts and activates the hypertension care plan from its template (its goals — systolic
 * below 130, diastolic below 80 mm[Hg] — are the programme's thresholds); fifteen days ago the
 * nurse registers the home cuff and enrols her in the home blood-pressure programme; each morning
 * since, the cuff posts its reading with its own credential, an hour after waking. Out-of-range
 * readings raise the programme's alerts, as ingestion does.
 */
export async function seedDemoRemoteMonitoring(tx: Db, now: Date, patientIds: DemoPatientIds): Promise<void> {
  const patient = patientIds.get(DEMO_HOME_BP_PATIENT);
  if (!patient) return;
  const doctor = await demoStaffActor(tx, 'doctor@carewell.test');
  const nurse = await demoStaffActor(tx, 'nurse@carewell.test');
  const start = new Date(now.getTime() - 16 * DAY);

  const plan = await createCarePlan(tx, doctor.at(start), patient.patientId, { templateCode: 'hypertension' });
  await activateCarePlan(tx, doctor.at(new Date(start.getTime() + 5 * MINUTE)), plan.id, plan.version);

  const enrolledAt = new Date(now.getTime() - 15 * DAY);
  const { device } = await registerDevice(tx, nurse.at(enrolledAt), patient.patientId, { kind: 'bp_cuff', label: 'Home cuff' });
  await enrolInMonitoring(tx, nurse.at(new Date(enrolledAt.getTime() + MINUTE)), patient.patientId, { programme: 'home_bp' });
  const [row] = await tx.select({ apiKeyId: devices.apiKeyId }).from(devices).where(eq(devices.id, device.id));

  for (const [i, [systolic, diastolic, pulse]] of MORNINGS.entries()) {
    // Days 14 … 1 before the seed, three hours before its time of day: the latest is this morning's.
    const takenAt = new Date(now.getTime() - (MORNINGS.length - 1 - i) * DAY - 3 * 60 * MINUTE);
    const postedAt = new Date(takenAt.getTime() + MINUTE);
    const ctx: IntegrationContext = {
      actor: { kind: 'api_key', apiKeyId: row!.apiKeyId, scopes: ['devices:write'] },
      origin: { ip: null, userAgent: 'demo home cuff', requestId: null },
      now: postedAt,
    };
    const readings: IncomingReading[] = [
      { index: 0, code: '8480-6', value: systolic, unit: 'mm[Hg]', effectiveAt: takenAt },
      { index: 1, code: '8462-4', value: diastolic, unit: 'mm[Hg]', effectiveAt: takenAt },
      { index: 2, code: '8867-4', value: pulse, unit: '/min', effectiveAt: takenAt },
    ];
    await ingestDeviceReadings(tx, ctx, readings, [], [patient.patientId]);
  }

  // The nurse reviewed the older high reading the morning it came; yesterday's waits on the board.
  const raised = await tx
    .select({ id: clinicalAlerts.id, raisedAt: clinicalAlerts.raisedAt })
    .from(clinicalAlerts)
    .where(eq(clinicalAlerts.patientId, patient.patientId));
  const oldest = raised.sort((a, b) => a.raisedAt.getTime() - b.raisedAt.getTime())[0];
  if (raised.length > 1 && oldest)
    await acknowledgeClinicalAlert(tx, nurse.at(new Date(oldest.raisedAt.getTime() + 40 * MINUTE)), oldest.id);
}
