import type { Db } from '../platform/db/database.js';
import { markSeen, registerArrival, triageArrival } from '../modules/emergency-department/index.js';
import { importPatientRecord } from '../modules/patients/index.js';
import { demoStaffActor } from './demo-actors.js';

const MINUTE = 60_000;

/** The emergency department's demo doctor and nurse (docs/demo.md). */
export const DEMO_ED_DOCTOR = 'eddoctor@carewell.test';
export const DEMO_ED_NURSE = 'ednurse@carewell.test';

interface DemoArrival {
  givenName: string;
  familyName: string;
  birthDate: string;
  sex: 'female' | 'male';
  mode: 'walk_in' | 'ambulance';
  chiefComplaint: string;
  arrivedMinutesAgo: number;
  /** Triaged by the nurse this many minutes before the seed's now (untriaged when absent). */
  triage?: { level: number; minutesAgo: number; note?: string };
  /** Seen by the doctor this many minutes before the seed's now. */
  seenMinutesAgo?: number;
}

/**
 * The board at seeding (docs/demo.md), relative to the seed's clock with the default targets of the
 * triage scale (level 2: 10 min, 3: 60, 4: 120): one critical patient over target, two waiting
 * (one within target, one just arrived and not yet triaged), one with a long wait over target, and
 * one already seen (in treatment). Walk-ins registered at the ED desk: no care team, no portal.
 */
export const DEMO_ED_ARRIVALS: DemoArrival[] = [
  {
    givenName: 'Thomas',
    familyName: 'Girard',
    birthDate: '1961-04-17',
    sex: 'male',
    mode: 'ambulance',
    chiefComplaint: 'Crushing chest pain since this morning, sweating',
    arrivedMinutesAgo: 18,
    triage: { level: 2, minutesAgo: 15, note: 'ECG requested' },
  },
  {
    givenName: 'Inès',
    familyName: 'Moreau',
    birthDate: '1994-08-02',
    sex: 'female',
    mode: 'walk_in',
    chiefComplaint: 'Deep cut to the left hand (kitchen knife)',
    arrivedMinutesAgo: 35,
    triage: { level: 3, minutesAgo: 30 },
  },
  {
    givenName: 'Kwame',
    familyName: 'Mensah',
    birthDate: '1987-01-25',
    sex: 'male',
    mode: 'walk_in',
    chiefComplaint: 'Twisted ankle playing football, cannot bear weight',
    arrivedMinutesAgo: 150,
    triage: { level: 4, minutesAgo: 140 },
  },
  {
    givenName: 'Sofia',
    familyName: 'Rossi',
    birthDate: '2001-12-09',
    sex: 'female',
    mode: 'walk_in',
    chiefComplaint: 'Sore throat and fever for three days',
    arrivedMinutesAgo: 4,
  },
  {
    givenName: 'Henri',
    familyName: 'Lambert',
    birthDate: '1940-06-30',
    sex: 'male',
    mode: 'walk_in',
    chiefComplaint: 'Fever and cough, short of breath on exertion',
    arrivedMinutesAgo: 120,
    triage: { level: 3, minutesAgo: 112 },
    seenMinutesAgo: 50,
  },
];

/**
 * The emergency department's board is alive (docs/emergency.md): the ED nurse registers the walk-ins
 * and triages them, the ED doctor sees one, each through the department's own services at the time
 * it happened (audit rows, triage history, care-team access and events are the services' own).
 */
export async function seedDemoEmergencyDepartment(tx: Db, now: Date): Promise<void> {
  const nurse = await demoStaffActor(tx, DEMO_ED_NURSE);
  const doctor = await demoStaffActor(tx, DEMO_ED_DOCTOR);
  const at = (minutesAgo: number) => new Date(now.getTime() - minutesAgo * MINUTE);
  for (const a of DEMO_ED_ARRIVALS) {
    const patient = await importPatientRecord(
      tx,
      {
        userId: null,
        givenName: a.givenName,
        familyName: a.familyName,
        birthDate: a.birthDate,
        sex: a.sex,
        phone: null,
        email: null,
        preferredLanguage: 'fr',
        allergyStatus: 'not_recorded',
      },
      at(a.arrivedMinutesAgo),
    );
    const arrival = await registerArrival(tx, nurse.at(at(a.arrivedMinutesAgo)), {
      patientId: patient.id,
      mode: a.mode,
      chiefComplaint: a.chiefComplaint,
    });
    if (a.triage) await triageArrival(tx, nurse.at(at(a.triage.minutesAgo)), arrival.id, { level: a.triage.level, note: a.triage.note });
    if (a.seenMinutesAgo !== undefined) await markSeen(tx, doctor.at(at(a.seenMinutesAgo)), arrival.id);
  }
}
