import type { Db } from '../platform/db/database.js';
import { acknowledgeClinicalAlert } from '../modules/clinical-alerts/index.js';
import { encounters } from '../modules/records/index.js';
import { recordVitalSet } from '../modules/vitals/index.js';
import type { DemoPatientIds } from './demo-activity.js';
import { demoStaffActor } from './demo-actors.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** The Cardiology ward (docs/demo.md): admitted by Dr. Moreno three days before the seed's now. */
export const DEMO_WARD_PATIENTS = ['Robert Johnson', 'Pedro Alves', 'Elena Petrova'] as const;
/** The ward patient whose NEWS2 rises over the last day (1 → 3 → 5 → 7): an open emergency alert. */
export const DEMO_DETERIORATING_PATIENT = 'Robert Johnson';

const ADMITTED_HOURS_AGO = 72;

/** One set as the nurse enters it on the round (air unless said; all on NEWS2 scale 1). */
interface DemoSet {
  hoursAgo: number;
  respiratoryRate: number;
  spo2: number;
  onOxygen?: boolean;
  systolicBp: number;
  diastolicBp: number;
  pulse: number;
  temperature: number;
  weight?: number;
  height?: number;
}

/**
 * A stable inpatient's sets, twice a day from admission: NEWS2 0–2, no single parameter scoring 3
 * (so no alert). Values move within a small, fixed pattern: deterministic, and a chart worth seeing.
 */
function stableSets(base: Omit<DemoSet, 'hoursAgo'>, first: Partial<DemoSet> = {}): DemoSet[] {
  const wobble = [0, 1, -1, 2, 0, -2];
  return wobble.map((w, i) => ({
    ...base,
    ...(i === 0 ? first : {}),
    hoursAgo: ADMITTED_HOURS_AGO - 1 - i * 12,
    respiratoryRate: base.respiratoryRate + (w > 0 ? 1 : 0),
    systolicBp: base.systolicBp + w * 3,
    diastolicBp: base.diastolicBp + w * 2,
    pulse: base.pulse + w * 2,
    temperature: Math.round((base.temperature + w * 0.1) * 10) / 10,
  }));
}

/**
 * NEWS2 (RCP 2017, news2.ts), Robert Johnson (heart failure, 75), after two calm days:
 * 1 (SpO2 95) → 3 (RR 21, SpO2 95) → 5 (RR 22, SpO2 94, SBP 108, pulse 96: urgent review) →
 * 7 (RR 24, SpO2 93, SBP 102, pulse 102, 38.4 °C: emergency) half an hour before the seed's now.
 */
const DETERIORATION: DemoSet[] = [
  { hoursAgo: 22, respiratoryRate: 18, spo2: 95, systolicBp: 124, diastolicBp: 76, pulse: 84, temperature: 37.2 },
  { hoursAgo: 14, respiratoryRate: 21, spo2: 95, systolicBp: 118, diastolicBp: 72, pulse: 88, temperature: 37.4 },
  { hoursAgo: 6, respiratoryRate: 22, spo2: 94, systolicBp: 108, diastolicBp: 66, pulse: 96, temperature: 37.9 },
  { hoursAgo: 0.5, respiratoryRate: 24, spo2: 93, systolicBp: 102, diastolicBp: 62, pulse: 102, temperature: 38.4 },
];

const WARD_SETS: Record<(typeof DEMO_WARD_PATIENTS)[number], DemoSet[]> = {
  'Robert Johnson': [
    ...stableSets({ respiratoryRate: 16, spo2: 96, systolicBp: 128, diastolicBp: 78, pulse: 76, temperature: 36.8 }).slice(0, 4),
    ...DETERIORATION,
  ],
  'Pedro Alves': stableSets(
    { respiratoryRate: 17, spo2: 95, systolicBp: 122, diastolicBp: 74, pulse: 78, temperature: 36.9 },
    { weight: 81.6, height: 174 },
  ),
  'Elena Petrova': stableSets({ respiratoryRate: 15, spo2: 97, systolicBp: 136, diastolicBp: 80, pulse: 68, temperature: 36.6 }),
};

/**
 * The Cardiology ward's vital signs (docs/vitals.md, docs/demo.md): three patients admitted by Dr.
 * Moreno (open inpatient encounters, so they are on the department's round and board every day),
 * their sets entered by the ward's nurse through `recordVitalSet` at the time they were taken —
 * NEWS2, the response, the next-due time and the clinical alerts are the service's own. Robert
 * Johnson deteriorates: the urgent alert at NEWS2 5 was acknowledged by Dr. Moreno; the emergency
 * at 7 is open (it escalates as any would). About 25 sets.
 */
export async function seedDemoVitals(tx: Db, now: Date, patientIds: DemoPatientIds, staffIdByEmail: Map<string, string>): Promise<void> {
  const attending = staffIdByEmail.get('doctor2@carewell.test');
  if (!attending) return;
  const nurse = await demoStaffActor(tx, 'nurse@carewell.test');
  const doctor = await demoStaffActor(tx, 'doctor2@carewell.test');
  const admittedAt = new Date(now.getTime() - ADMITTED_HOURS_AGO * HOUR);
  // A data loader's admission, as demo-activity writes its encounters: open, so the round has them.
  await tx.insert(encounters).values(
    DEMO_WARD_PATIENTS.map((name) => ({
      patientId: patientIds.get(name)!.patientId,
      clinicianId: attending,
      type: 'inpatient' as const,
      status: 'in_progress' as const,
      startedAt: admittedAt,
      createdBy: doctor.actor.userId,
      createdAt: admittedAt,
      updatedAt: admittedAt,
    })),
  );

  const sets = DEMO_WARD_PATIENTS.flatMap((name) => WARD_SETS[name].map((set) => ({ name, set })));
  sets.sort((a, b) => b.set.hoursAgo - a.set.hoursAgo);
  for (const { name, set } of sets) {
    const { hoursAgo, ...values } = set;
    const takenAt = new Date(now.getTime() - hoursAgo * HOUR);
    // Entered a few minutes after it was taken, on the round.
    const enteredAt = new Date(takenAt.getTime() + 4 * MINUTE);
    const recorded = await recordVitalSet(tx, nurse.at(enteredAt), patientIds.get(name)!.patientId, {
      ...values,
      onOxygen: values.onOxygen ?? false,
      consciousness: 'alert',
      takenAt: takenAt.toISOString(),
    });
    // The doctor saw the urgent review within ten minutes; the emergency stays for the demo to answer.
    if (recorded.alertId && recorded.news2.response === 'urgent') {
      await acknowledgeClinicalAlert(tx, doctor.at(new Date(enteredAt.getTime() + 10 * MINUTE)), recorded.alertId);
    }
  }
}
