import { inArray } from 'drizzle-orm';
import type { Db } from '../platform/db/database.js';
import type { FileService } from '../platform/files/index.js';
import { addDays, isoWeekday, localDateOf, localTimeToInstantOrAfterGap } from '../platform/time/zoned-time.js';
import { notifications } from '../modules/notifications/index.js';
import { carePlanGoals, carePlans, clinicalNotes, diagnoses, documents, encounterSummaries, encounters } from '../modules/records/index.js';
import { appointments, visitTypes } from '../modules/scheduling/index.js';
import { staffProfiles } from '../modules/staff/index.js';

/** Seeded patients by "Given Family": their record and portal account (if any). */
export type DemoPatientIds = Map<string, { patientId: string; userId: string | null }>;

const ZONE = 'Europe/Paris';
const MINUTE = 60_000;
const DAY = 86_400_000;
/** The demo cardiologist's visits each working day (minutes after local midnight): five a day. */
const CLINIC_TIMES = [9 * 60, 10 * 60 + 30, 11 * 60 + 15, 14 * 60, 15 * 60 + 30];
/** Maria Santos's own visits sit outside the clinic rotation, so they never collide with it. */
const MARIA_TIME = 16 * 60 + 15;
/**
 * The clinic's patients, all on the demo cardiologist's care team (demo-hospital.ts): every visit in
 * his calendar opens its encounter. Robert Johnson is Dr. Moreno's ward patient, not the clinic's:
 * a visit of his here offered Dr. Haddad an encounter link his access refused (404), on the days
 * the rotation put one in view.
 */
const ROTATION = ['Samuel Okafor', 'Elena Petrova', 'Jonas Lindqvist', 'Fatima Benali', 'Pedro Alves'];
const DIAGNOSES: [string, string][] = [
  ['I10', 'Essential (primary) hypertension'],
  ['I48.91', 'Unspecified atrial fibrillation'],
  ['R07.9', 'Chest pain, unspecified'],
  ['E78.5', 'Hyperlipidemia, unspecified'],
  ['I50.9', 'Heart failure, unspecified'],
];

interface Visit {
  patient: string;
  staffEmail: string;
  room: string;
  startsAt: Date;
  minutes: number;
}

interface Context {
  tx: Db;
  now: Date;
  staff: Map<string, { staffId: string; userId: string }>;
  patientIds: DemoPatientIds;
  roomIds: Map<string, string>;
  followUpId: string;
  files?: FileService;
}

/** Working days (Monday to Friday) from `from` to `to` days around today, in the hospital's zone. */
function workingDays(now: Date, from: number, to: number): { date: string; offset: number }[] {
  const today = localDateOf(now, ZONE);
  const days: { date: string; offset: number }[] = [];
  for (let offset = from; offset <= to; offset += 1) {
    const date = addDays(today, offset);
    if (isoWeekday(date) <= 5) days.push({ date, offset });
  }
  return days;
}

/** The nearest working day at or after `offset` days from today. */
function workingDayFrom(now: Date, offset: number): string {
  return workingDays(now, offset, offset + 7)[0]!.date;
}

const at = (date: string, minutes: number) => localTimeToInstantOrAfterGap(date, minutes, ZONE);

/**
 * A living week around the seed's `now` (the injected clock): the demo cardiologist's visits seven
 * days back and forward (five a working day), finished visits with signed notes, diagnoses and
 * shared summaries, the most recent one's note left as a draft to sign, care plans, documents and
 * notifications. Deterministic but for `now`; a few dozen inserts, batched per table.
 */
export async function seedDemoActivity(
  tx: Db,
  now: Date,
  input: { staffIdByEmail: Map<string, string>; patientIds: DemoPatientIds; roomIds: Map<string, string>; files?: FileService | undefined },
): Promise<void> {
  const [followUp] = await tx
    .select({ id: visitTypes.id, code: visitTypes.code })
    .from(visitTypes)
    .where(inArray(visitTypes.code, ['follow_up']));
  if (!followUp) return;
  const staffRows = await tx
    .select({ id: staffProfiles.id, userId: staffProfiles.userId })
    .from(staffProfiles)
    .where(inArray(staffProfiles.id, [...input.staffIdByEmail.values()]));
  const userOf = new Map(staffRows.map((r) => [r.id, r.userId]));
  const staff = new Map([...input.staffIdByEmail].map(([email, staffId]) => [email, { staffId, userId: userOf.get(staffId)! }]));
  const ctx: Context = {
    tx,
    now,
    staff,
    patientIds: input.patientIds,
    roomIds: input.roomIds,
    followUpId: followUp.id,
    ...(input.files ? { files: input.files } : {}),
  };

  const visits = clinicWeek(now);
  const finished = await seedAppointments(ctx, visits);
  await seedEncounters(ctx, finished);
  await seedCarePlans(ctx);
  await seedDocuments(ctx);
  await seedNotifications(ctx);
}

/** The demo doctor's week, Maria Santos's last and next visits, and Youssef Karim's with the GP. */
function clinicWeek(now: Date): Visit[] {
  const visits: Visit[] = [];
  let turn = 0;
  for (const { date } of workingDays(now, -7, 7)) {
    for (const minutes of CLINIC_TIMES) {
      visits.push({
        patient: ROTATION[turn % ROTATION.length]!,
        staffEmail: 'doctor@carewell.test',
        room: 'CARD-101',
        startsAt: at(date, minutes),
        minutes: 15,
      });
      turn += 1;
    }
  }
  // Maria's last visit, and her next one two weeks out: the booking journey (e2e) books and moves
  // an earlier one, and expects it first among her upcoming visits.
  visits.push({
    patient: 'Maria Santos',
    staffEmail: 'doctor@carewell.test',
    room: 'CARD-101',
    startsAt: at(workingDayFrom(now, -6), MARIA_TIME),
    minutes: 15,
  });
  visits.push({
    patient: 'Maria Santos',
    staffEmail: 'doctor@carewell.test',
    room: 'CARD-101',
    startsAt: at(workingDayFrom(now, 14), MARIA_TIME),
    minutes: 15,
  });
  visits.push({
    patient: 'Youssef Karim',
    staffEmail: 'gp@carewell.test',
    room: 'MED-201',
    startsAt: at(workingDayFrom(now, -4), 9 * 60),
    minutes: 15,
  });
  visits.push({
    patient: 'Youssef Karim',
    staffEmail: 'gp@carewell.test',
    room: 'MED-201',
    startsAt: at(workingDayFrom(now, 3), 9 * 60),
    minutes: 15,
  });
  return visits;
}

interface FinishedVisit extends Visit {
  appointmentId: string;
  patientId: string;
}

/** Past visits are completed (every ninth a no-show); later ones are booked. Answers the completed ones. */
async function seedAppointments(ctx: Context, visits: Visit[]): Promise<FinishedVisit[]> {
  const { tx, now } = ctx;
  const rows = visits.map((v, i) => {
    const endsAt = new Date(v.startsAt.getTime() + v.minutes * MINUTE);
    const past = endsAt <= now;
    const status: 'completed' | 'no_show' | 'booked' = past ? (i % 9 === 4 ? 'no_show' : 'completed') : 'booked';
    return {
      patientId: ctx.patientIds.get(v.patient)!.patientId,
      staffId: ctx.staff.get(v.staffEmail)!.staffId,
      visitTypeId: ctx.followUpId,
      roomId: ctx.roomIds.get(v.room) ?? null,
      startsAt: v.startsAt,
      endsAt,
      status: status,
      reason: 'Follow-up',
      checkedInAt: status === 'completed' ? new Date(v.startsAt.getTime() - 5 * MINUTE) : null,
      completedAt: status === 'completed' ? endsAt : null,
      createdAt: new Date(v.startsAt.getTime() - 10 * DAY),
      updatedAt: past ? endsAt : new Date(v.startsAt.getTime() - 10 * DAY),
    };
  });
  const inserted = await tx.insert(appointments).values(rows).returning({ id: appointments.id, status: appointments.status });
  return visits
    .map((v, i) => ({ ...v, appointmentId: inserted[i]!.id, patientId: rows[i]!.patientId, status: inserted[i]!.status }))
    .filter((v) => v.status === 'completed');
}

/**
 * One finished encounter per completed visit, with a signed note and a diagnosis; every other one
 * has a summary shared with the patient. The latest visit's note stays a draft: a note to sign.
 */
async function seedEncounters(ctx: Context, finished: FinishedVisit[]): Promise<void> {
  if (finished.length === 0) return;
  const { tx } = ctx;
  const latest = finished.reduce((a, b) => (b.startsAt > a.startsAt ? b : a));
  const rows = await tx
    .insert(encounters)
    .values(
      finished.map((v) => ({
        patientId: v.patientId,
        clinicianId: ctx.staff.get(v.staffEmail)!.staffId,
        appointmentId: v.appointmentId,
        type: 'outpatient' as const,
        status: 'finished' as const,
        startedAt: v.startsAt,
        endedAt: new Date(v.startsAt.getTime() + v.minutes * MINUTE),
        createdBy: ctx.staff.get(v.staffEmail)!.userId,
        createdAt: v.startsAt,
        updatedAt: v.startsAt,
      })),
    )
    .returning({ id: encounters.id });
  const withIds = finished.map((v, i) => ({
    ...v,
    encounterId: rows[i]!.id,
    endedAt: new Date(v.startsAt.getTime() + v.minutes * MINUTE),
  }));
  await tx.insert(clinicalNotes).values(
    withIds.map((v, i) => {
      const draft = v === withIds[finished.indexOf(latest)];
      const author = ctx.staff.get(v.staffEmail)!.staffId;
      return {
        encounterId: v.encounterId,
        patientId: v.patientId,
        authorId: author,
        status: draft ? ('draft' as const) : ('signed' as const),
        subjective: 'Feels well; occasional breathlessness climbing stairs.',
        objective: `BP ${128 + (i % 5) * 4}/${78 + (i % 3) * 3} mmHg, pulse ${64 + (i % 7) * 3}/min, regular.`,
        assessment: DIAGNOSES[i % DIAGNOSES.length]![1],
        plan: 'Continue current treatment; review in three months.',
        signedAt: draft ? null : v.endedAt,
        signedBy: draft ? null : author,
        createdAt: v.startsAt,
        updatedAt: v.endedAt,
      };
    }),
  );
  await tx.insert(diagnoses).values(
    withIds.map((v, i) => ({
      patientId: v.patientId,
      encounterId: v.encounterId,
      code: DIAGNOSES[i % DIAGNOSES.length]![0],
      description: DIAGNOSES[i % DIAGNOSES.length]![1],
      rank: 'primary' as const,
      chronic: i % 2 === 0,
      recordedBy: ctx.staff.get(v.staffEmail)!.userId,
      recordedAt: v.endedAt,
      createdAt: v.endedAt,
    })),
  );
  const shared = withIds.filter((v, i) => i % 2 === 0 || v.patient === 'Maria Santos' || v.patient === 'Youssef Karim');
  await tx.insert(encounterSummaries).values(
    shared.map((v) => ({
      encounterId: v.encounterId,
      patientId: v.patientId,
      summary: 'Your heart rhythm and blood pressure were checked today. Your results are stable.',
      instructions: 'Keep taking your medicines as prescribed. Walk 30 minutes a day and limit salt.',
      sharedBy: ctx.staff.get(v.staffEmail)!.staffId,
      sharedAt: v.endedAt,
    })),
  );
}

/** Active care plans: Maria's (review in a few days) and Robert's (review overdue: needs attention). */
async function seedCarePlans(ctx: Context): Promise<void> {
  const { tx, now } = ctx;
  const doctor = ctx.staff.get('doctor@carewell.test')!;
  const plans = [
    {
      patient: 'Maria Santos',
      title: 'Blood pressure and diabetes control',
      review: 5,
      goals: ['Blood pressure below 130/80 mmHg', 'HbA1c below 7 %'],
    },
    {
      patient: 'Robert Johnson',
      title: 'Heart failure self-care',
      review: -1,
      goals: ['Weigh yourself every morning', 'Less than 2 g of salt a day'],
    },
  ];
  const rows = await tx
    .insert(carePlans)
    .values(
      plans.map((p) => ({
        patientId: ctx.patientIds.get(p.patient)!.patientId,
        title: p.title,
        status: 'active' as const,
        nextReviewAt: new Date(now.getTime() + p.review * DAY),
        createdBy: doctor.userId,
        activatedAt: new Date(now.getTime() - 20 * DAY),
        createdAt: new Date(now.getTime() - 20 * DAY),
        updatedAt: new Date(now.getTime() - 20 * DAY),
      })),
    )
    .returning({ id: carePlans.id, patientId: carePlans.patientId });
  await tx.insert(carePlanGoals).values(
    plans.flatMap((p, i) =>
      p.goals.map((description) => ({
        carePlanId: rows[i]!.id,
        patientId: rows[i]!.patientId,
        description,
        createdAt: new Date(now.getTime() - 20 * DAY),
        updatedAt: new Date(now.getTime() - 20 * DAY),
      })),
    ),
  );
}

/** The bytes as the stream an upload gives the file service. */
async function* oneChunk(bytes: Buffer): AsyncIterable<Buffer> {
  yield bytes;
}

/** A one-page PDF with a title and a few lines (the viewer draws it). */
async function demoPdf(title: string, lines: string[]): Promise<Uint8Array> {
  // Loaded only when seeding: the server's start-up does not pay for it on an existing database.
  const { PDFDocument, StandardFonts } = await import('pdf-lib');
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const page = pdf.addPage([595, 842]);
  page.drawText(title, { x: 72, y: 760, size: 16, font });
  lines.forEach((line, i) => page.drawText(line, { x: 72, y: 720 - i * 20, size: 12, font }));
  return pdf.save();
}

/**
 * Documents as real encrypted files (only when the file service is given, as by the server): a
 * lab report from the clinic for Maria, and uploads by patients that the doctor has not opened.
 */
async function seedDocuments(ctx: Context): Promise<void> {
  if (!ctx.files) return;
  const doctor = ctx.staff.get('doctor@carewell.test')!;
  const maria = ctx.patientIds.get('Maria Santos')!;
  const robert = ctx.patientIds.get('Robert Johnson')!;
  const items = [
    {
      patient: maria,
      by: doctor.userId,
      source: 'staff' as const,
      category: 'lab_report' as const,
      title: 'Lipid panel',
      ago: 6,
      lines: ['LDL cholesterol 2.9 mmol/L', 'HDL cholesterol 1.3 mmol/L'],
    },
    {
      patient: maria,
      by: maria.userId ?? doctor.userId,
      source: 'patient' as const,
      category: 'other' as const,
      title: 'Home blood pressure log',
      ago: 1,
      lines: ['Mornings: 132/84, 128/80, 135/86'],
    },
    {
      patient: robert,
      by: doctor.userId,
      source: 'staff' as const,
      category: 'referral' as const,
      title: 'Echocardiography referral',
      ago: 3,
      lines: ['Ejection fraction follow-up'],
    },
  ];
  for (const item of items) {
    const at = new Date(ctx.now.getTime() - item.ago * DAY);
    const bytes = await demoPdf(item.title, item.lines);
    const stored = await ctx.files.storeUpload(ctx.tx, {
      purpose: 'document',
      allowedTypes: ['application/pdf'],
      maxBytes: 1_000_000,
      stream: oneChunk(Buffer.from(bytes)),
      declaredType: 'application/pdf',
      filename: `${item.title}.pdf`,
      createdBy: item.by,
      now: at,
    });
    await ctx.tx.insert(documents).values({
      patientId: item.patient.patientId,
      fileId: stored.id,
      category: item.category,
      title: item.title,
      source: item.source,
      uploadedBy: item.by,
      createdAt: at,
    });
  }
}

/** A few unread notifications for the demo patient and doctor, as the notify service would have left them. */
async function seedNotifications(ctx: Context): Promise<void> {
  const maria = ctx.patientIds.get('Maria Santos')!;
  const doctor = ctx.staff.get('doctor@carewell.test')!;
  const rows = [
    ...(maria.userId
      ? [
          {
            userId: maria.userId,
            category: 'message' as const,
            title: 'A visit summary is ready',
            body: 'Dr. Haddad shared the summary of your last visit.',
            link: '/portal/summaries',
            ago: 6,
          },
          {
            userId: maria.userId,
            category: 'appointment' as const,
            title: 'Your next appointment',
            body: 'You have a follow-up visit with Dr. Haddad in two weeks.',
            link: '/portal/appointments',
            ago: 2,
          },
        ]
      : []),
    {
      userId: doctor.userId,
      category: 'system' as const,
      title: 'A patient uploaded a document',
      body: 'A patient on your care team added a document.',
      link: '/staff/my-patients',
      ago: 1,
    },
  ];
  await ctx.tx
    .insert(notifications)
    .values(rows.map(({ ago, ...r }) => ({ ...r, template: 'demo', createdAt: new Date(ctx.now.getTime() - ago * DAY) })));
}
