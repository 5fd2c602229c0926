import { inArray } from 'drizzle-orm';
import { users } from '../platform/auth/auth.tables.js';
import type { Db } from '../platform/db/database.js';
import { seedSignedPrescriptions, type SeedPrescription } from '../modules/medications/index.js';
import type { DemoPatientIds } from './demo-activity.js';

const DAY_MS = 86_400_000;

/**
 * The demo patients' current medicines, signed a month before the seed's `now`: Maria Santos's
 * cardiologist treats her hypertension, diabetes and cholesterol; the GP treats Youssef Karim's
 * thyroid. None interact with another (the signing checks would raise nothing), but simvastatin
 * does with clarithromycin (an ONC high-priority pair): the medications journey prescribes it.
 */
const DEMO_PRESCRIPTIONS: (Omit<SeedPrescription, 'patientId' | 'prescriberUserId' | 'signedAt'> & {
  patient: string;
  prescriber: string;
})[] = [
  {
    patient: 'Maria Santos',
    prescriber: 'doctor@carewell.test',
    productName: 'Simvastatin 40 mg tablet',
    dose: { value: 1, unit: '{tablet}' },
    frequency: { kind: 'at_times', times: ['21:00'] },
    instructions: 'Take one tablet in the evening.',
  },
  {
    patient: 'Maria Santos',
    prescriber: 'doctor@carewell.test',
    productName: 'Metformin 500 mg tablet',
    dose: { value: 1, unit: '{tablet}' },
    frequency: { kind: 'at_times', times: ['08:00', '19:00'] },
    instructions: 'Take one tablet with breakfast and one with the evening meal.',
  },
  {
    patient: 'Maria Santos',
    prescriber: 'doctor@carewell.test',
    productName: 'Lisinopril 10 mg tablet',
    dose: { value: 1, unit: '{tablet}' },
    frequency: { kind: 'times_a_day', times: 1 },
    instructions: 'Take one tablet each morning.',
  },
  {
    patient: 'Youssef Karim',
    prescriber: 'gp@carewell.test',
    productName: 'Levothyroxine 50 microgram tablet',
    dose: { value: 1, unit: '{tablet}' },
    frequency: { kind: 'at_times', times: ['07:00'] },
    instructions: 'Take one tablet on an empty stomach, 30 minutes before breakfast.',
  },
];

export async function seedDemoPrescriptions(tx: Db, now: Date, patientIds: DemoPatientIds): Promise<void> {
  const emails = [...new Set(DEMO_PRESCRIPTIONS.map((p) => p.prescriber))];
  const prescribers = await tx.select({ id: users.id, email: users.email }).from(users).where(inArray(users.email, emails));
  const userIdOf = new Map(prescribers.map((u) => [u.email, u.id]));
  const signedAt = new Date(now.getTime() - 30 * DAY_MS);
  await seedSignedPrescriptions(
    tx,
    DEMO_PRESCRIPTIONS.flatMap(({ patient, prescriber, ...rest }) => {
      const ids = patientIds.get(patient);
      return ids ? [{ ...rest, patientId: ids.patientId, prescriberUserId: userIdOf.get(prescriber)!, signedAt }] : [];
    }),
  );
}
