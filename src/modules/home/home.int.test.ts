import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { useTestApp, type TestApp } from '../../../test/helpers/app.js';
import { createAccount, type TestAccount } from '../../../test/helpers/actors.js';
import { PageSession } from '../../../test/helpers/browser.js';
import { putOnCareTeam } from '../../../test/helpers/patients.js';
import { countQueries } from '../../../test/helpers/query-count.js';
import { users } from '../../platform/auth/auth.tables.js';
import { auditEvents } from '../../platform/audit/audit.tables.js';
import type { ServiceContext } from '../../platform/auth/actor.js';
import { outbox } from '../../platform/outbox/outbox.tables.js';
import { notifications } from '../notifications/index.js';
import { privacyReviewTasks } from '../patients/index.js';
import { seedRecord, seedTodaysAppointment } from '../records/index.js';
import { departments, staffProfiles } from '../staff/index.js';
import { loadPatientHome } from './services/patient-home.service.js';
import { loadDoctorWorklist, loadNurseWorklist, loadReceptionWorklist } from './services/staff-home.service.js';
import { loadAdminWorklist } from '../admin/index.js';

const HOUR = 3_600_000;

/** A signed-in person's service context at the test clock's now. */
function contextOf(t: TestApp, who: TestAccount): ServiceContext {
  return {
    actor: {
      kind: 'user',
      userId: who.userId,
      role: who.role,
      flags: { nurseLead: false, privacyOfficer: false },
      email: who.email,
      locale: 'en',
      timeZone: 'UTC',
      patientId: who.patientId,
      staffId: who.staffId,
      sessionId: 'home-test',
      sessionKind: 'api',
      mfaEnrolled: true,
    },
    origin: { ip: null, userAgent: 'vitest', requestId: 'home-test' },
    now: t.clock.now(),
  };
}

const auditActions = async (t: TestApp, userId: string) =>
  (await t.db.select().from(auditEvents).where(eq(auditEvents.actorUserId, userId))).map((r) => r.action);

async function inDepartment(t: TestApp, staffIds: string[], code: string) {
  const [dept] = await t.db
    .insert(departments)
    .values({ code, name: `Ward ${code}`, createdAt: t.clock.now() })
    .returning();
  for (const id of staffIds) await t.db.update(staffProfiles).set({ departmentId: dept!.id }).where(eq(staffProfiles.id, id));
  return dept!;
}

describe('home pages as worklists', () => {
  const t = useTestApp();

  it('shows the patient their next appointments, unread notifications, new summaries and documents, plans and to-dos', async () => {
    const doctor = await createAccount(t, { role: 'doctor', givenName: 'Rosa', familyName: 'Vidal' });
    const patient = await createAccount(t, { role: 'patient', givenName: 'Amara', familyName: 'Osei' });
    const patientId = patient.patientId!;
    await putOnCareTeam(t, patientId, doctor.staffId!);
    const doc = { staffId: doctor.staffId!, userId: doctor.userId };
    await seedRecord(t, patientId, doc, patient.userId, 'P1');
    const next = await seedTodaysAppointment(t, patientId, doctor.staffId!, new Date(t.clock.now().getTime() + 50 * HOUR));
    await t.db.insert(notifications).values({
      userId: patient.userId,
      category: 'appointment',
      template: 'test',
      title: 'Your appointment is confirmed',
      body: 'See you soon',
      link: '/portal/appointments',
      createdAt: t.clock.now(),
    });

    const res = await new PageSession(t, patient.cookie).get('/portal');
    expect(res.statusCode).toBe(200);
    const html = res.body;
    // Next appointment with reschedule and cancel, times named in the viewer's zone.
    expect(html).toContain(`/portal/appointments/${next.id}/reschedule`);
    expect(html).toContain(`/portal/appointments#appointment-${next.id}`);
    expect(html).toContain('Times are shown in UTC.');
    expect(html).toContain('Rosa Vidal');
    // Unread notification, linking where it points.
    expect(html).toContain('Unread notifications (1)');
    expect(html).toContain('href="/portal/appointments">Your appointment is confirmed');
    // New summary and document, active plan.
    expect(html).toContain('Visit summary from Rosa Vidal');
    expect(html).toContain('Document: Lab P1');
    expect(html).toContain('Plan P1');
    expect(html).toContain('href="/portal/care-plans"');
    // To-dos: allergies not recorded, and the missing profile fields named.
    expect(html).toContain('href="/portal/profile#allergies"');
    expect(html).toContain('Your profile is missing: phone number, address, preferred language.');
    // The reads are audited like the record and appointment lists.
    const actions = await auditActions(t, patient.userId);
    expect(actions).toContain('health_record.read');
    expect(actions).toContain('appointment.list');

    // A constant number of statements whatever the record's size.
    const counter = countQueries(t);
    await loadPatientHome(counter.db, contextOf(t, patient), patientId);
    const forOne = counter.count();
    expect(forOne, counter.statements().join('\n')).toBeLessThanOrEqual(20);
    for (const marker of ['P2', 'P3']) await seedRecord(t, patientId, doc, patient.userId, marker);
    await seedTodaysAppointment(t, patientId, doctor.staffId!, new Date(t.clock.now().getTime() + 74 * HOUR));
    counter.reset();
    const more = await loadPatientHome(counter.db, contextOf(t, patient), patientId);
    expect(more.upcoming).toHaveLength(2);
    expect(more.activeCarePlans).toHaveLength(3);
    expect(counter.count()).toBe(forOne);
  });

  it("gives each patient in turn their own record, notices and clinicians from the home's statement built once", async () => {
    // One statement serves every patient's home (built once, filled per view): what one patient
    // saw must never reach the next, and each audit row names the patient its view read.
    const seen: { patientId: string; own: string[]; others: string[] }[] = [];
    const people: { patient: TestAccount; own: string[] }[] = [];
    for (const [marker, clinician] of [
      ['HA1', ['Rosa', 'Vidal']],
      ['HB2', ['Ines', 'Ruiz']],
    ] as const) {
      const doctor = await createAccount(t, { role: 'doctor', givenName: clinician[0], familyName: clinician[1] });
      const patient = await createAccount(t, { role: 'patient' });
      await putOnCareTeam(t, patient.patientId!, doctor.staffId!);
      await seedRecord(t, patient.patientId!, { staffId: doctor.staffId!, userId: doctor.userId }, patient.userId, marker);
      await seedTodaysAppointment(t, patient.patientId!, doctor.staffId!, new Date(t.clock.now().getTime() + 50 * HOUR));
      await t.db.insert(notifications).values({
        userId: patient.userId,
        category: 'appointment',
        template: 'test',
        title: `Notice ${marker}`,
        body: 'Body',
        link: '/portal/appointments',
        createdAt: t.clock.now(),
      });
      people.push({ patient, own: [`Plan ${marker}`, `Notice ${marker}`, `${clinician[0]} ${clinician[1]}`] });
    }
    for (const index of [0, 1, 0]) {
      const { patient, own } = people[index]!;
      const others = people[1 - index]!.own;
      const res = await new PageSession(t, patient.cookie).get('/portal');
      expect(res.statusCode).toBe(200);
      seen.push({
        patientId: patient.patientId!,
        own: own.filter((text) => res.body.includes(text)),
        others: others.filter((text) => res.body.includes(text)),
      });
    }
    for (const [index, views] of [
      [0, 2],
      [1, 1],
    ] as const) {
      const { patient } = people[index]!;
      const rows = await t.db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.actorUserId, patient.userId), eq(auditEvents.action, 'health_record.read')));
      expect(rows.map((r) => [r.patientId, r.occurredAt.getTime()])).toEqual(
        Array(views).fill([patient.patientId, t.clock.now().getTime()]),
      );
    }
    expect(seen).toEqual([0, 1, 0].map((index) => ({ patientId: people[index]!.patient.patientId, own: people[index]!.own, others: [] })));
  });

  it('drops the to-dos once allergies and the profile are complete', async () => {
    const patient = await createAccount(t, { role: 'patient' });
    await t.db.execute(
      // Straight to the row: the profile's own forms have their own tests.
      sql`update patients set allergy_status = 'no_known_allergies', phone = '+15550100',
        preferred_language = 'en', address = '{"line1":"1 Main St","city":"Springfield","postalCode":"12345","country":"US"}'::jsonb
        where id = ${patient.patientId}`,
    );
    const home = await loadPatientHome(t.db, contextOf(t, patient), patient.patientId!);
    expect(home.todos).toEqual({ allergiesNotRecorded: false, missingProfileFields: [] });
    const html = (await new PageSession(t, patient.cookie).get('/portal')).body;
    expect(html).not.toContain('id="todos"');
  });

  it('gives the doctor today with Open encounter, notes to sign, uploads and patients needing attention', async () => {
    const doctor = await createAccount(t, { role: 'doctor' });
    const patient = await createAccount(t, { role: 'patient', givenName: 'Bela', familyName: 'Kovacs' });
    const patientId = patient.patientId!;
    await putOnCareTeam(t, patientId, doctor.staffId!);
    const fixture = await seedRecord(t, patientId, { staffId: doctor.staffId!, userId: doctor.userId }, patient.userId, 'D1');
    const today = await seedTodaysAppointment(t, patientId, doctor.staffId!, new Date(t.clock.now().getTime() + 2 * HOUR));

    const res = await new PageSession(t, doctor.cookie).get('/staff');
    expect(res.statusCode).toBe(200);
    const html = res.body;
    expect(html).toContain(`/staff/encounters/new?appointmentId=${today.id}`);
    expect(html).toContain('Open encounter');
    expect(html).toContain('Booked');
    expect(html).toContain('Notes to sign (1)');
    expect(html).toContain(`href="/staff/encounters/${fixture.encounterId}"`);
    expect(html).toContain(`/staff/patients/${patientId}/documents`);
    expect(html).toContain(`/staff/patients/${patientId}/chart`);
    expect(html).toContain('Bela Kovacs');
    const actions = await auditActions(t, doctor.userId);
    expect(actions).toContain('appointment.calendar_view');
    expect(actions).toContain('chart.my_patients');

    const counter = countQueries(t);
    const one = await loadDoctorWorklist(counter.db, contextOf(t, doctor), doctor.staffId!);
    // Every list's first step in one statement, then every audit row with every read in one (issue 11).
    expect(counter.count()).toBe(2);
    const forOne = counter.count();
    expect(one.attention).toHaveLength(1);
    for (const [i, name] of ['Chen', 'Dara'].entries()) {
      const p = await createAccount(t, { role: 'patient', givenName: name });
      await putOnCareTeam(t, p.patientId!, doctor.staffId!);
      await seedRecord(t, p.patientId!, { staffId: doctor.staffId!, userId: doctor.userId }, p.userId, name);
      await seedTodaysAppointment(t, p.patientId!, doctor.staffId!, new Date(t.clock.now().getTime() + (3 + i) * HOUR));
    }
    counter.reset();
    const three = await loadDoctorWorklist(counter.db, contextOf(t, doctor), doctor.staffId!);
    expect(three.today).toHaveLength(3);
    expect(three.drafts).toHaveLength(3);
    expect(three.uploads).toHaveLength(3);
    expect(counter.count()).toBe(forOne);
  });

  it("shows a nurse their department's patients today, not other departments'", async () => {
    const nurse = await createAccount(t, { role: 'nurse' });
    const doctor = await createAccount(t, { role: 'doctor', givenName: 'Ines', familyName: 'Moreau' });
    const other = await createAccount(t, { role: 'doctor' });
    const dept = await inDepartment(t, [nurse.staffId!, doctor.staffId!], 'N1');
    await inDepartment(t, [other.staffId!], 'N2');
    const mine = await createAccount(t, { role: 'patient', givenName: 'Noor', familyName: 'Haddad' });
    const theirs = await createAccount(t, { role: 'patient', givenName: 'Otto', familyName: 'Elsewhere' });
    await seedTodaysAppointment(t, mine.patientId!, doctor.staffId!, new Date(t.clock.now().getTime() + HOUR));
    await seedTodaysAppointment(t, theirs.patientId!, other.staffId!, new Date(t.clock.now().getTime() + HOUR));

    const html = (await new PageSession(t, nurse.cookie).get('/staff')).body;
    expect(html).toContain(`Your department today: ${dept.name}`);
    expect(html).toContain('Noor Haddad');
    expect(html).toContain('Ines Moreau');
    expect(html).not.toContain('Otto Elsewhere');
    expect(html).toContain(`/staff/patients/${mine.patientId}`);
    const audited = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.actorUserId, nurse.userId), eq(auditEvents.action, 'appointment.department_view')));
    expect(audited.map((r) => r.patientId)).toEqual([mine.patientId]);

    const counter = countQueries(t);
    await loadNurseWorklist(counter.db, contextOf(t, nurse));
    const forOne = counter.count();
    const more = await createAccount(t, { role: 'patient' });
    await seedTodaysAppointment(t, more.patientId!, doctor.staffId!, new Date(t.clock.now().getTime() + 2 * HOUR));
    counter.reset();
    const two = await loadNurseWorklist(counter.db, contextOf(t, nurse));
    expect(two.board?.view.appointments).toHaveLength(2);
    expect(counter.count()).toBe(forOne);
  });

  it("gives reception today's arrivals board with status and check-in", async () => {
    const reception = await createAccount(t, { role: 'receptionist' });
    const doctor = await createAccount(t, { role: 'doctor', givenName: 'Yuki', familyName: 'Sato' });
    const patient = await createAccount(t, { role: 'patient', givenName: 'Lena', familyName: 'Berg' });
    const visit = await seedTodaysAppointment(t, patient.patientId!, doctor.staffId!, new Date(t.clock.now().getTime() + HOUR));
    const tomorrow = await createAccount(t, { role: 'patient', givenName: 'Tomas', familyName: 'Later' });
    await seedTodaysAppointment(t, tomorrow.patientId!, doctor.staffId!, new Date(t.clock.now().getTime() + 24 * HOUR));

    const page = new PageSession(t, reception.cookie);
    const html = (await page.get('/staff')).body;
    expect(html).toContain("Today's arrivals");
    expect(html).toContain('Lena Berg');
    expect(html).toContain('Yuki Sato');
    expect(html).not.toContain('Tomas Later');
    expect(html).toContain(`action="/staff/appointments/${visit.id}/status"`);
    expect(html).toContain('href="/staff/schedule"');
    expect(await auditActions(t, reception.userId)).toContain('appointment.board_view');

    // The check-in form works from the home page.
    const res = await page.post(`/staff/appointments/${visit.id}/status`, { action: 'check_in', back: 'schedule', version: '1' });
    expect(res.statusCode).toBe(303);
    expect((await page.get('/staff')).body).toContain('Checked in');

    const counter = countQueries(t);
    await loadReceptionWorklist(counter.db, contextOf(t, reception));
    const forOne = counter.count();
    const more = await createAccount(t, { role: 'patient' });
    await seedTodaysAppointment(t, more.patientId!, doctor.staffId!, new Date(t.clock.now().getTime() + 2 * HOUR));
    counter.reset();
    await loadReceptionWorklist(counter.db, contextOf(t, reception));
    expect(counter.count()).toBe(forOne);
  });

  it('shows the administrator what needs action, in one statement', async () => {
    const admin = await createAccount(t, { role: 'admin', privacyOfficer: true });
    const invited = await createAccount(t, { role: 'nurse' });
    await t.db.update(users).set({ passwordHash: null }).where(eq(users.id, invited.userId));
    const now = t.clock.now();
    await t.db.insert(outbox).values({
      messageId: 'home-dead-1',
      channel: 'email',
      recipient: 'x@test.carewell',
      subject: 's',
      text: 't',
      template: 'test',
      status: 'dead',
      createdAt: now,
    });
    await t.db.insert(privacyReviewTasks).values({ kind: 'mfa_reset', subjectUserId: invited.userId, createdAt: now });

    const page = new PageSession(t, admin.cookie);
    let html = (await page.get('/staff')).body;
    expect(html).toContain('Undeliverable messages: 1');
    expect(html).toContain('href="/admin/outbox?status=dead"');
    expect(html).toContain('Open privacy reviews: 1');
    expect(html).toContain('href="/staff/privacy-reviews"');
    expect(html).toContain('Staff invitations not yet accepted: 1');
    expect(html).toContain('The audit trail has not been verified yet.');
    expect(html).toContain('href="/admin/audit"');

    await page.post('/admin/audit/verify', {});
    html = (await page.get('/staff')).body;
    expect(html).toContain('Audit trail last verified intact on');

    const counter = countQueries(t);
    await loadAdminWorklist(counter.db);
    expect(counter.count()).toBe(1);
  });

  it('gives other staff roles their links only', async () => {
    const pharmacist = await createAccount(t, { role: 'pharmacist' });
    const html = (await new PageSession(t, pharmacist.cookie).get('/staff')).body;
    expect(html).toContain('href="/staff/directory"');
    expect(html).not.toContain('id="worklist"');
  });
});
