import { count, eq } from 'drizzle-orm';
import { seedDemoEmergency } from './demo-emergency.js';
import { seedDemoEmergencyDepartment } from './demo-ed.js';
import { users } from '../platform/auth/auth.tables.js';
import { hashPassword } from '../platform/auth/passwords.js';
import type { Config } from '../platform/config.js';
import type { Encryptor } from '../platform/crypto.js';
import type { Db } from '../platform/db/database.js';
import {
  allergies,
  careTeamMembers,
  conditions,
  emergencyContacts,
  insurancePolicies,
  importPatientRecord,
  patients,
} from '../modules/patients/index.js';
import { departments, specialties, staffProfiles, staffSpecialties } from '../modules/staff/index.js';
import { availabilityRules, rooms } from '../modules/scheduling/index.js';
import { seedFormularyProducts } from '../modules/medications/index.js';
import { loadKnowledgeBaseIfEmpty } from '../modules/decision-support/index.js';
import type { FileService } from '../platform/files/index.js';
import { seedDemoActivity, type DemoPatientIds } from './demo-activity.js';
import { seedDemoVideoVisit } from './demo-video-visit.js';
import { DEMO_FORMULARY, DEMO_FORMULARY_AUTHOR } from './demo-formulary.js';
import { seedDemoPrescriptions } from './demo-prescriptions.js';
import { seedDemoClinicalAlert } from './demo-clinical-alerts.js';
import { seedDemoRemoteMonitoring } from './demo-remote-monitoring.js';
import { seedDemoVitals } from './demo-vitals.js';
import { seedDemoBilling } from './demo-billing.js';
import { seedDemoTasks } from './demo-tasks.js';
import { seedDemoPatientThread } from './demo-messaging.js';
import { seedDemoLabs } from '../modules/labs/index.js';
import {
  DEMO_AVAILABILITY,
  DEMO_DEPARTMENTS,
  DEMO_HOSPITAL_TIME_ZONE,
  DEMO_PATIENTS,
  DEMO_ROOMS,
  DEMO_SPECIALTIES,
  DEMO_STAFF,
} from './demo-hospital.js';

/**
 * Seeds the demo hospital into an empty database, in one transaction. It is a data loader: it
 * writes the rows directly, as a migration would, rather than acting as a signed-in person. With
 * the file service, the demo documents are real (encrypted) PDFs that open in the viewer.
 */
export async function seedDemoHospital(db: Db, config: Config, encryptor: Encryptor, now: Date, files?: FileService): Promise<boolean> {
  const [existing] = await db.select({ n: count() }).from(users);
  if ((existing?.n ?? 0) > 0) return false;
  const passwordHash = await hashPassword(config.demoPassword);
  const sealedTotp = encryptor.encrypt(config.demoTotpSecret);

  await db.transaction(async (tx) => {
    const { departmentIds, specialtyIds } = await seedOrganisation(tx, now);
    const staffIdByEmail = await seedStaff(tx, now, { passwordHash, sealedTotp, departmentIds, specialtyIds });
    const roomIds = await seedRoomsAndHours(tx, now, departmentIds, staffIdByEmail);
    const patientIds = await seedPatients(tx, now, passwordHash, staffIdByEmail);
    await seedDemoActivity(tx, now, { staffIdByEmail, patientIds, roomIds, files });
    await seedDemoVideoVisit(tx, now, patientIds, staffIdByEmail);
    await seedFormulary(tx, now);
    await seedDemoPrescriptions(tx, now, patientIds);
    await seedDemoClinicalAlert(tx, now, patientIds, staffIdByEmail);
    // The shipped knowledge base (usually already loaded at start; the same loader, in this transaction).
    await loadKnowledgeBaseIfEmpty(tx, now);
    await seedDemoLabOrders(tx, now, patientIds);
    // The ward's vital signs and a home cuff, through the vitals and devices services (docs/demo.md).
    await seedDemoVitals(tx, now, patientIds, staffIdByEmail);
    await seedDemoRemoteMonitoring(tx, now, patientIds);
    await seedDemoTasks(tx, now, patientIds);
    await seedDemoBilling(tx, now, config.billingCurrency, patientIds);
    await seedDemoPatientThread(tx, now, patientIds);
    await seedDemoEmergency(tx, now);
    await seedDemoEmergencyDepartment(tx, now);
  });
  return true;
}

type Ids = Map<string, string>;

/** The laboratory: the default catalogue and Maria Santos's panels (src/modules/labs/labs.seed.ts). */
async function seedDemoLabOrders(tx: Db, now: Date, patientIds: DemoPatientIds): Promise<void> {
  const maria = patientIds.get('Maria Santos');
  if (!maria) return;
  const [row] = await tx
    .select({ sex: patients.sex, birthDate: patients.birthDate })
    .from(patients)
    .where(eq(patients.id, maria.patientId));
  await seedDemoLabs(
    tx,
    now,
    { id: maria.patientId, sex: row?.sex ?? null, birthDate: row!.birthDate },
    { doctor: 'doctor@carewell.test', technician: 'lab@carewell.test' },
  );
}

/** The formulary, entered by the demo pharmacist (after the ingredient catalogue it refers to). */
async function seedFormulary(tx: Db, now: Date): Promise<void> {
  const [author] = await tx.select({ id: users.id }).from(users).where(eq(users.email, DEMO_FORMULARY_AUTHOR));
  await seedFormularyProducts(tx, now, author!.id, DEMO_FORMULARY);
}

/** Departments and the specialties within them, by code. */
async function seedOrganisation(tx: Db, now: Date): Promise<{ departmentIds: Ids; specialtyIds: Ids }> {
  const departmentIds = new Map<string, string>();
  for (const d of DEMO_DEPARTMENTS) {
    const [row] = await tx.insert(departments).values({ code: d.code, name: d.name, createdAt: now }).returning({ id: departments.id });
    departmentIds.set(d.code, row!.id);
  }
  const specialtyIds = new Map<string, string>();
  for (const s of DEMO_SPECIALTIES) {
    const [row] = await tx
      .insert(specialties)
      .values({ code: s.code, name: s.name, departmentId: departmentIds.get(s.department)!, createdAt: now })
      .returning({ id: specialties.id });
    specialtyIds.set(s.code, row!.id);
  }
  return { departmentIds, specialtyIds };
}

/** Staff accounts, their profiles and specialties; answers each profile id by e-mail. */
async function seedStaff(
  tx: Db,
  now: Date,
  {
    passwordHash,
    sealedTotp,
    departmentIds,
    specialtyIds,
  }: { passwordHash: string; sealedTotp: string; departmentIds: Ids; specialtyIds: Ids },
): Promise<Ids> {
  const staffIdByEmail = new Map<string, string>();
  for (const s of DEMO_STAFF) {
    const [user] = await tx
      .insert(users)
      .values({
        email: s.email,
        passwordHash,
        role: s.role,
        nurseLead: s.nurseLead ?? false,
        privacyOfficer: s.privacyOfficer ?? false,
        dispatcher: s.dispatcher ?? false,
        emailVerifiedAt: now,
        timeZone: DEMO_HOSPITAL_TIME_ZONE,
        totpSecretSealed: sealedTotp,
        isDemo: true,
        locale: s.languages[0] ?? 'en',
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: users.id });
    const [profile] = await tx
      .insert(staffProfiles)
      .values({
        userId: user!.id,
        givenName: s.givenName,
        familyName: s.familyName,
        title: s.title ?? null,
        departmentId: departmentIds.get(s.department)!,
        languages: s.languages,
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: staffProfiles.id });
    staffIdByEmail.set(s.email, profile!.id);
    for (const code of s.specialties ?? []) {
      await tx.insert(staffSpecialties).values({ staffId: profile!.id, specialtyId: specialtyIds.get(code)! });
    }
  }
  return staffIdByEmail;
}

/** Rooms, and each clinician's weekly working hours in one of them. */
async function seedRoomsAndHours(tx: Db, now: Date, departmentIds: Ids, staffIdByEmail: Ids): Promise<Ids> {
  const roomIds = new Map<string, string>();
  for (const r of DEMO_ROOMS) {
    const [row] = await tx
      .insert(rooms)
      .values({ code: r.code, name: r.name, departmentId: departmentIds.get(r.department)!, createdAt: now })
      .returning({ id: rooms.id });
    roomIds.set(r.code, row!.id);
  }
  for (const a of DEMO_AVAILABILITY) {
    for (const weekday of a.weekdays) {
      for (const [startTime, endTime] of a.hours) {
        await tx.insert(availabilityRules).values({
          staffId: staffIdByEmail.get(a.email)!,
          weekday,
          startTime,
          endTime,
          validFrom: now.toISOString().slice(0, 10),
          timeZone: a.timeZone,
          roomId: roomIds.get(a.room)!,
          createdAt: now,
          updatedAt: now,
        });
      }
    }
  }
  return roomIds;
}

/** Patients with their portal accounts, care teams, allergies, conditions, insurance and contacts. */
async function seedPatients(tx: Db, now: Date, passwordHash: string, staffIdByEmail: Ids): Promise<DemoPatientIds> {
  const seeded: DemoPatientIds = new Map();
  // Their clinicians have looked after them for a year: what the demo did weeks ago (a care plan, a
  // home cuff and its programme, through the services' care-team checks) was done by their team.
  const careTeamSince = new Date(now.getTime() - 365 * 86_400_000);
  for (const p of DEMO_PATIENTS) {
    let userId: string | null = null;
    if (p.email) {
      const [user] = await tx
        .insert(users)
        .values({
          email: p.email,
          passwordHash,
          role: 'patient',
          emailVerifiedAt: now,
          timeZone: DEMO_HOSPITAL_TIME_ZONE,
          isDemo: true,
          locale: p.preferredLanguage,
          privacyNoticeAcceptedAt: now,
          privacyNoticeVersion: 'demo',
          createdAt: now,
          updatedAt: now,
        })
        .returning({ id: users.id });
      userId = user!.id;
    }
    const patient = await importPatientRecord(
      tx,
      {
        userId,
        givenName: p.givenName,
        familyName: p.familyName,
        birthDate: p.birthDate,
        sex: p.sex,
        phone: p.phone,
        email: p.email ?? null,
        preferredLanguage: p.preferredLanguage,
        allergyStatus: p.allergies?.length ? 'has_allergies' : p.noKnownAllergies ? 'no_known_allergies' : 'not_recorded',
      },
      now,
    );
    seeded.set(`${p.givenName} ${p.familyName}`, { patientId: patient.id, userId });
    for (const email of p.careTeam) {
      await tx.insert(careTeamMembers).values({
        patientId: patient.id,
        staffId: staffIdByEmail.get(email)!,
        teamRole: 'primary',
        startsAt: careTeamSince,
        createdAt: now,
      });
    }
    for (const a of p.allergies ?? []) {
      await tx.insert(allergies).values({
        patientId: patient.id,
        source: 'staff',
        substance: a.substance,
        rxcui: a.rxcui ?? null,
        reaction: a.reaction,
        severity: a.severity,
        verification: 'confirmed',
        createdAt: now,
        updatedAt: now,
      });
    }
    for (const c of p.conditions ?? []) {
      await tx.insert(conditions).values({
        patientId: patient.id,
        source: 'staff',
        category: c.category,
        description: c.description,
        icd10Code: c.icd10Code ?? null,
        createdAt: now,
        updatedAt: now,
      });
    }
    if (p.insurance) await tx.insert(insurancePolicies).values({ patientId: patient.id, ...p.insurance, createdAt: now, updatedAt: now });
    if (p.emergencyContact)
      await tx
        .insert(emergencyContacts)
        .values({ patientId: patient.id, ...p.emergencyContact, isPrimary: true, createdAt: now, updatedAt: now });
  }
  return seeded;
}

export function demoBanner(config: Config, seeded: boolean, kind: string): string {
  const lines = ['', `  Carewell is running at ${config.publicUrl}  (database: ${kind === 'pglite' ? 'embedded PGlite' : 'PostgreSQL'})`];
  if (config.demoMode) {
    lines.push(
      '',
      `  DEMO MODE${seeded ? ' — demo hospital seeded' : ''}. Fictional accounts only; never use demo mode with real patients.`,
      `  Sign in as admin@carewell.test, doctor@carewell.test, nurse@carewell.test, reception@carewell.test`,
      `  or patient@carewell.test with the password "${config.demoPassword}" (all accounts: docs/demo.md).`,
      `  Staff second factor: TOTP secret ${config.demoTotpSecret} (add it to an authenticator app).`,
    );
    if (!config.secureCookies)
      lines.push('  Served over plain http: cookies are not marked Secure. Set PUBLIC_URL=https://… in production.');
  }
  return [...lines, ''].join('\n');
}
