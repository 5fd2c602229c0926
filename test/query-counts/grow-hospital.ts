import { and, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import { users } from '../../src/platform/auth/auth.tables.js';
import { issueSession } from '../../src/platform/auth/session.service.js';
import { notifications } from '../../src/modules/notifications/index.js';
import {
  allergies,
  careTeamMembers,
  conditions,
  emergencyContacts,
  importPatientRecord,
  insurancePolicies,
  patients,
} from '../../src/modules/patients/index.js';
import { carePlans, clinicalNotes, diagnoses, encounters, observations, seedRecord } from '../../src/modules/records/index.js';
import { appointments } from '../../src/modules/scheduling/index.js';
import { addDays, isoWeekday, localDateOf, localTimeToInstantOrAfterGap } from '../../src/platform/time/zoned-time.js';
import { visitTypes } from '../../src/modules/scheduling/index.js';
import { departments, specialties, staffProfiles } from '../../src/modules/staff/index.js';
import { api, type TestApp } from '../helpers/app.js';
import type { DemoAccount, SignedIn } from './demo-hospital-fixture.js';

const MINUTE = 60_000;
const DAY = 86_400_000;

/** An API call that must succeed: the growth is made through the app where it has a route. */
async function must(t: TestApp, who: SignedIn, method: 'POST' | 'PUT', url: string, body: unknown): Promise<{ id?: string }> {
  const response = await api(t, method, url, { token: who.token, body });
  if (response.statusCode >= 300) throw new Error(`${method} ${url} as ${who.role}: ${response.statusCode} ${response.body}`);
  return response.body ? response.json<{ id?: string }>() : {};
}

/** Calls so far per test app (one database each): the module may outlive a test file when files share a worker. */
const rounds = new WeakMap<TestApp, number>();

/**
 * Rows that give pages something to list before the first count (an alert, an outgoing message,
 * an API key, a waitlist entry, a privacy review task), made through the API. Called again by
 * `growHospital`, each call adds one more of each.
 */
export async function addListedItems(t: TestApp, accounts: Map<DemoAccount, SignedIn>): Promise<void> {
  const round = (rounds.get(t) ?? 0) + 1;
  rounds.set(t, round);
  const admin = accounts.get('admin')!;
  const patient = accounts.get('patient')!;
  await must(t, admin, 'POST', '/api/v1/alerts', { type: 'weather', severity: 'warning', message: `Storm ${round}`, audience: 'everyone' });
  await must(t, admin, 'POST', '/api/v1/alerts', { type: 'other', severity: 'info', message: `Drill ${round}`, audience: 'everyone' });
  const [department] = await t.db.select({ id: departments.id }).from(departments).limit(1);
  const [specialty] = await t.db.select({ id: specialties.id }).from(specialties).limit(1);
  for (const role of ['doctor', 'nurse'] as const) {
    await must(t, admin, 'POST', '/api/v1/admin/staff', {
      email: `grown.${role}.${round}@carewell.test`,
      role,
      givenName: 'Grown',
      familyName: `${role} ${round}`,
      departmentId: department!.id,
      specialtyIds: role === 'doctor' ? [specialty!.id] : [],
    });
  }
  // One more patient a name search for "Grown" finds (the growth adds three more).
  await must(t, accounts.get('receptionist')!, 'POST', '/api/v1/patients', {
    givenName: 'Grown',
    familyName: `Listed ${round}`,
    birthDate: `1990-01-0${round}`,
    confirmNotDuplicate: true,
  });
  await must(t, admin, 'POST', '/api/v1/admin/api-keys', { name: `Lab feed ${round}`, scopes: ['patients:read'] });
  // One more ambulance unit with a crew member (an invited paramedic): the fleet's pages list them.
  const medic = await must(t, admin, 'POST', '/api/v1/admin/staff', {
    email: `grown.paramedic.${round}@carewell.test`,
    role: 'paramedic',
    givenName: 'Grown',
    familyName: `Paramedic ${round}`,
  });
  const unit = await must(t, admin, 'POST', '/api/v1/emergency/units', { callSign: `GROWN-${round}`, latitude: 48.8, longitude: 2.3 });
  await must(t, admin, 'POST', `/api/v1/emergency/units/${unit.id}/crew`, { staffId: medic.id });
  const [visitType] = await t.db.select({ id: visitTypes.id }).from(visitTypes).where(eq(visitTypes.code, 'follow_up'));
  const allSpecialties = await t.db.select({ id: specialties.id }).from(specialties).orderBy(specialties.code);
  const today = t.clock.now().toISOString().slice(0, 10);
  const later = new Date(t.clock.now().getTime() + 30 * DAY).toISOString().slice(0, 10);
  await must(t, patient, 'POST', '/api/v1/waitlist', {
    specialtyId: allSpecialties[round - 1]!.id,
    visitTypeId: visitType!.id,
    earliestDate: today,
    latestDate: later,
  });
  // A break-glass opening by a clinician outside the care team leaves a privacy review task.
  const [outsider] = await t.db
    .select({ id: patients.id })
    .from(patients)
    .where(
      sql`not exists (select 1 from care_team_members m join staff_profiles s on s.id = m.staff_id
      where m.patient_id = ${patients.id} and s.user_id = ${accounts.get('nurse')!.userId})`,
    )
    .orderBy(patients.mrn)
    .offset(round - 1)
    .limit(1);
  await enrolInRemoteMonitoring(t, accounts.get('nurse')!, round);
  await must(t, accounts.get('nurse')!, 'POST', `/api/v1/patients/${outsider!.id}/break-glass`, {
    reason: `Emergency department arrival ${round}`,
    password: t.config.demoPassword,
  });
}

/**
 * One more patient of the nurse's care team on the remote-monitoring board: enrolled in home blood
 * pressure, with a cuff registered and a reading sent through the device's own credential.
 */
async function enrolInRemoteMonitoring(t: TestApp, nurse: SignedIn, round: number): Promise<void> {
  const [member] = await t.db
    .select({ patientId: careTeamMembers.patientId })
    .from(careTeamMembers)
    .innerJoin(staffProfiles, eq(staffProfiles.id, careTeamMembers.staffId))
    .where(
      and(
        eq(staffProfiles.userId, nurse.userId),
        isNull(careTeamMembers.removedAt),
        // Not one already on the programme (the demo hospital or an earlier round may have enrolled them).
        sql`not exists (select 1 from monitoring_enrolments e where e.patient_id = ${careTeamMembers.patientId} and e.programme = 'home_bp')`,
      ),
    )
    .orderBy(careTeamMembers.patientId)
    .limit(1);
  const patientId = member!.patientId;
  await must(t, nurse, 'POST', `/api/v1/patients/${patientId}/monitoring-enrolments`, { programme: 'home_bp' });
  const device = await api(t, 'POST', `/api/v1/patients/${patientId}/devices`, {
    token: nurse.token,
    body: { kind: 'bp_cuff', label: `Cuff ${round}` },
  });
  const effectiveAt = t.clock.now().toISOString();
  const sent = await api(t, 'POST', '/api/v1/devices/observations', {
    token: device.json<{ credential: string }>().credential,
    body: {
      readings: [
        { code: '8480-6', value: 150, unit: 'mm[Hg]', effectiveAt },
        { code: '8462-4', value: 95, unit: 'mm[Hg]', effectiveAt },
      ],
    },
  });
  if (sent.statusCode !== 200) throw new Error(`device readings: ${sent.statusCode} ${sent.body}`);
}

/**
 * Grows everything behind the pages while staying within one page of each list: a second living
 * week of visits (half an hour later in each clinic slot) with encounters, notes, diagnoses,
 * summaries, care plans, documents and notifications; more patients on the demo clinicians' care
 * teams; one more allergy, condition, contact, insurance policy, observation, note and diagnosis
 * on every patient and encounter; more goals, activities and progress on every care plan; more
 * alerts, staff, API keys, waitlist entries, privacy review tasks, notifications and sessions.
 */
export async function growHospital(t: TestApp, accounts: Map<DemoAccount, SignedIn>): Promise<void> {
  const now = t.clock.now();
  const staffRows = await t.db
    .select({ email: users.email, staffId: staffProfiles.id, userId: users.id })
    .from(staffProfiles)
    .innerJoin(users, eq(users.id, staffProfiles.userId));
  const patientRows = await t.db
    .select({ id: patients.id, given: patients.givenName, family: patients.familyName, userId: patients.userId })
    .from(patients);
  const staffOf = (email: string) => staffRows.find((s) => s.email === email)!;
  const doctor = staffOf('doctor@carewell.test');
  const nurse = staffOf('nurse@carewell.test');
  await growClinicWeek(
    t,
    doctor.staffId,
    patientRows.map((p) => p.id),
  );
  // The clinician's own availability page lists exceptions: one more leave and one extra session.
  for (const [kind, day] of [
    ['unavailable', 20],
    ['extra', 21],
  ] as const) {
    const startsAt = new Date(now.getTime() + day * DAY);
    await must(t, accounts.get('doctor')!, 'POST', `/api/v1/staff/${doctor.staffId}/availability-exceptions`, {
      kind,
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 2 * 60 * MINUTE).toISOString(),
      reason: kind === 'extra' ? 'Extra clinic' : 'Training',
    });
  }
  // A whole record more for every patient: encounter, draft note, diagnosis, summary, document, care plan.
  for (const [i, p] of patientRows.entries()) {
    await seedRecord(t, p.id, doctor, p.userId ?? doctor.userId, `grown ${i}`);
  }

  for (let i = 0; i < 3; i++) {
    const patient = await importPatientRecord(
      t.db,
      { userId: null, givenName: 'Grown', familyName: `Patient ${i}`, birthDate: '1970-01-0' + (i + 1), allergyStatus: 'has_allergies' },
      now,
    );
    for (const member of [doctor, nurse]) {
      await t.db
        .insert(careTeamMembers)
        .values({ patientId: patient.id, staffId: member.staffId, teamRole: 'primary', startsAt: now, createdAt: now });
    }
    patientRows.push({ id: patient.id, given: 'Grown', family: `Patient ${i}`, userId: null });
  }
  await growEmergencyDepartment(
    t,
    accounts,
    patientRows.slice(-3).map((p) => p.id),
  );
  const consultant = staffOf('doctor2@carewell.test');
  for (const p of patientRows) {
    await t.db
      .insert(careTeamMembers)
      .values({ patientId: p.id, staffId: consultant.staffId, teamRole: 'consultant', startsAt: now, createdAt: now })
      .onConflictDoNothing();
    await t.db.insert(allergies).values({
      patientId: p.id,
      source: 'staff',
      substance: 'Latex',
      reaction: 'Rash',
      severity: 'mild',
      verification: 'confirmed',
      createdAt: now,
      updatedAt: now,
    });
    await t.db
      .insert(conditions)
      .values({ patientId: p.id, source: 'staff', category: 'condition', description: 'Asthma', createdAt: now, updatedAt: now });
    await t.db.insert(emergencyContacts).values({
      patientId: p.id,
      name: 'Sam Grown',
      relationship: 'sibling',
      phone: '+33 1 00 00 00 00',
      isPrimary: false,
      createdAt: now,
      updatedAt: now,
    });
    await t.db
      .insert(insurancePolicies)
      .values({ patientId: p.id, payer: 'Mutuelle Grown', memberNumber: `G-${p.id.slice(0, 8)}`, createdAt: now, updatedAt: now });
    await t.db.insert(observations).values(
      ['8480-6', '8462-4', '29463-7'].map((code, k) => ({
        patientId: p.id,
        code,
        value: 120 + k,
        unit: code === '29463-7' ? 'kg' : 'mm[Hg]',
        effectiveAt: new Date(now.getTime() - (k + 1) * DAY),
        source: 'clinician' as const,
        recordedBy: doctor.userId,
        createdAt: now,
      })),
    );
  }

  const encounterRows = await t.db
    .select({ id: encounters.id, patientId: encounters.patientId, clinicianId: encounters.clinicianId })
    .from(encounters);
  for (const e of encounterRows) {
    await t.db.insert(clinicalNotes).values({
      encounterId: e.id,
      patientId: e.patientId,
      authorId: e.clinicianId,
      status: 'signed',
      freeText: 'Telephone follow-up: doing well.',
      signedAt: now,
      signedBy: e.clinicianId,
      createdAt: now,
      updatedAt: now,
    });
    await t.db.insert(diagnoses).values({
      patientId: e.patientId,
      encounterId: e.id,
      code: 'E11.9',
      description: 'Type 2 diabetes mellitus without complications',
      rank: 'secondary',
      chronic: true,
      recordedBy: doctor.userId,
      recordedAt: now,
      createdAt: now,
    });
  }

  // Through the API as the demo doctor: the plans of the patients on the doctor's care team.
  const plans = await t.db
    .select({ id: carePlans.id })
    .from(carePlans)
    .where(
      and(
        isNotNull(carePlans.activatedAt),
        sql`exists (select 1 from care_team_members m where m.patient_id = ${carePlans.patientId} and m.staff_id = ${doctor.staffId})`,
      ),
    );
  for (const plan of plans) {
    await must(t, accounts.get('doctor')!, 'POST', `/api/v1/care-plans/${plan.id}/goals`, {
      description: 'Systolic blood pressure below 130',
      measureCode: '8480-6',
      targetValue: 130,
      targetUnit: 'mm[Hg]',
    });
    await must(t, accounts.get('doctor')!, 'POST', `/api/v1/care-plans/${plan.id}/activities`, {
      description: 'Home blood pressure readings',
      responsibleStaffId: nurse.staffId,
      frequency: 'daily',
    });
    await must(t, accounts.get('doctor')!, 'POST', `/api/v1/care-plans/${plan.id}/progress`, {
      text: 'Readings improving.',
    });
  }

  await addListedItems(t, accounts);
  const everyone = await t.db.select({ id: users.id }).from(users);
  await t.db.insert(notifications).values(
    everyone.flatMap((u) =>
      [1, 2].map((k) => ({
        userId: u.id,
        category: 'system' as const,
        title: `Grown notice ${k}`,
        body: 'Something happened.',
        link: '/notifications',
        template: 'demo',
        createdAt: new Date(now.getTime() - k * MINUTE),
      })),
    ),
  );
  for (const who of accounts.values()) {
    await issueSession(t.db, { userId: who.userId, kind: 'browser', ip: null, userAgent: 'vitest grown', now });
  }
}

/**
 * Two more visits a working day with the demo cardiologist, a week back and forward, at times
 * the demo week leaves free (12:00 and 13:00 in the hospital's zone): past ones completed, later
 * ones booked. Calendars, schedules, today lists and appointment lists all get longer.
 */
async function growClinicWeek(t: TestApp, staffId: string, patientIds: string[]): Promise<void> {
  const now = t.clock.now();
  const zone = 'Europe/Paris';
  const [visitType] = await t.db.select({ id: visitTypes.id }).from(visitTypes).where(eq(visitTypes.code, 'follow_up'));
  const today = localDateOf(now, zone);
  const rows = [];
  let turn = 0;
  for (let offset = -7; offset <= 7; offset++) {
    const date = addDays(today, offset);
    if (isoWeekday(date) > 5) continue;
    for (const minutes of [12 * 60, 13 * 60]) {
      const startsAt = localTimeToInstantOrAfterGap(date, minutes, zone);
      const endsAt = new Date(startsAt.getTime() + 15 * MINUTE);
      const past = endsAt <= now;
      rows.push({
        patientId: patientIds[turn++ % patientIds.length]!,
        staffId,
        visitTypeId: visitType!.id,
        startsAt,
        endsAt,
        status: past ? ('completed' as const) : ('booked' as const),
        reason: 'Follow-up',
        checkedInAt: past ? startsAt : null,
        completedAt: past ? endsAt : null,
        createdAt: new Date(startsAt.getTime() - 10 * DAY),
        updatedAt: new Date(startsAt.getTime() - 10 * DAY),
      });
    }
  }
  await t.db.insert(appointments).values(rows);
}

/**
 * The emergency department's board and an arrival's page get longer: the grown patients arrive
 * (untriaged, triaged at two levels, one seen), and the demo's critical walk-in is re-triaged twice.
 */
async function growEmergencyDepartment(t: TestApp, accounts: Map<DemoAccount, SignedIn>, patientIds: string[]): Promise<void> {
  const nurse = accounts.get('ed_nurse')!;
  const doctor = accounts.get('ed_doctor')!;
  const arrivals: string[] = [];
  for (const [i, patientId] of patientIds.entries()) {
    const body = { patientId, mode: 'walk_in', chiefComplaint: `Grown complaint ${i}`, ...(i > 0 ? { level: i + 1 } : {}) };
    arrivals.push((await must(t, nurse, 'POST', '/api/v1/ed/arrivals', body)).id!);
  }
  await must(t, doctor, 'POST', `/api/v1/ed/arrivals/${arrivals[2]}/seen`, {});
  const { rows } = (await t.db.execute(
    sql`select a.id from ed_arrivals a join patients p on p.id = a.patient_id where p.given_name = 'Thomas' and p.family_name = 'Girard'`,
  )) as { rows: { id: string }[] };
  for (const level of [1, 2]) await must(t, nurse, 'POST', `/api/v1/ed/arrivals/${rows[0]!.id}/triage`, { level, note: `Grown ${level}` });
}
