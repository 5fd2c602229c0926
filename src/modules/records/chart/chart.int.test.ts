import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { useTestApp, type TestApp } from '../../../../test/helpers/app.js';
import { createAccount } from '../../../../test/helpers/actors.js';
import { PageSession } from '../../../../test/helpers/browser.js';
import { addConfirmedAllergy, grantBreakGlass, putOnCareTeam } from '../../../../test/helpers/patients.js';
import { auditEvents } from '../../../platform/audit/audit.tables.js';
import type { ServiceContext } from '../../../platform/auth/actor.js';
import { conditions } from '../../patients/index.js';
import { countQueries } from '../../../../test/helpers/query-count.js';
import { auditRowsOf, serviceContextOf } from '../../../../test/helpers/service-context.js';
import {
  seedCarePlan,
  seedDraftNote,
  seedEncounter,
  seedPatientDocument,
  seedRecord,
  seedTodaysAppointment,
} from './chart-test-support.js';
import { countNewPatientDocuments, newDocumentsSince } from './chart.repository.js';
import { listMyPatients } from './services/chart-my-patients.service.js';
import { getPatientChart } from './services/chart.service.js';

const auditRows = (t: TestApp, userId: string, action: string) =>
  t.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.actorUserId, userId), eq(auditEvents.action, action)));
const everyAuditRow = (t: TestApp, userId: string) => t.db.select().from(auditEvents).where(eq(auditEvents.actorUserId, userId));

const CHART_SECTIONS = ['allergies', 'conditions', 'problems', 'diagnoses', 'encounters', 'notes', 'documents', 'care_plans'];

/** A doctor's service context at the test clock's now. */
function doctorContext(t: TestApp, doctor: { userId: string; staffId: string | null; email: string }): ServiceContext {
  return {
    actor: {
      kind: 'user',
      userId: doctor.userId,
      role: 'doctor',
      flags: { nurseLead: false, privacyOfficer: false },
      email: doctor.email,
      locale: 'en',
      timeZone: 'UTC',
      patientId: null,
      staffId: doctor.staffId,
      sessionId: 'chart-test',
      sessionKind: 'api',
      mfaEnrolled: true,
    },
    origin: { ip: null, userAgent: 'vitest', requestId: 'chart-test' },
    now: t.clock.now(),
  };
}

describe('records: the clinician chart', () => {
  const t = useTestApp();

  it('renders every section for a care-team doctor, and audits the open', async () => {
    const doctor = await createAccount(t, { role: 'doctor' });
    const patient = await createAccount(t, { role: 'patient', givenName: 'Amara', familyName: 'Osei' });
    const patientId = patient.patientId!;
    await addConfirmedAllergy(t, patientId);
    await t.db.insert(conditions).values({
      patientId,
      description: 'Hypertension',
      category: 'condition',
      source: 'staff',
      createdAt: t.clock.now(),
      updatedAt: t.clock.now(),
    });
    await putOnCareTeam(t, patientId, doctor.staffId!);
    await seedRecord(t, patientId, { staffId: doctor.staffId!, userId: doctor.userId }, patient.userId, 'KX41');

    const res = await new PageSession(t, doctor.cookie).get(`/staff/patients/${patientId}/chart`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('class="patient-banner"');
    for (const id of ['summary', 'problems', 'allergies', 'diagnoses', 'encounters', 'notes', 'documents', 'care-plans'])
      expect(res.body).toContain(`id="${id}"`);
    expect(res.body).toContain('latex');
    expect(res.body).toContain('E11.9'); // problem list (chronic diagnosis) and diagnoses
    expect(res.body).toContain('Assessment KX41'); // note excerpt (clinical tier)
    expect(res.body).toContain('Lab KX41');
    expect(res.body).toContain('Plan KX41');
    expect(res.body).toContain('1 of 2 goals met');
    expect(res.body).not.toContain('Not available yet');
    // One view, one audit row, naming the sections read; no section writes a row of its own.
    const rows = await everyAuditRow(t, doctor.userId);
    expect(rows.map((r) => r.action)).toEqual(['chart.read']);
    expect(rows[0]).toMatchObject({ outcome: 'success', patientId, category: 'clinical', resourceType: 'chart', resourceId: patientId });
    expect(rows[0]!.detail).toEqual({ tier: 'care_team', sections: CHART_SECTIONS });

    // The patient's access log shows the one view and names the parts read.
    const log = await new PageSession(t, patient.cookie).get('/portal/access-log');
    expect(log.statusCode).toBe(200);
    expect(log.body).toContain('Opened the chart');
    expect(log.body).toContain(
      'Parts read: allergies, medical history, problem list, diagnoses, visits, clinical notes, documents, care plans',
    );
  });

  it('is a workspace: sections with counts, rows that open their item, and only the actions the viewer may take', async () => {
    const doctor = await createAccount(t, { role: 'doctor' });
    const pharmacist = await createAccount(t, { role: 'pharmacist' });
    const patient = await createAccount(t, { role: 'patient' });
    const patientId = patient.patientId!;
    await putOnCareTeam(t, patientId, doctor.staffId!);
    await putOnCareTeam(t, patientId, pharmacist.staffId!);
    const ids = await seedRecord(t, patientId, { staffId: doctor.staffId!, userId: doctor.userId }, patient.userId, 'WS1');

    const res = await new PageSession(t, doctor.cookie).get(`/staff/patients/${patientId}/chart`);
    expect(res.statusCode).toBe(200);
    for (const count of ['Encounters (1)', 'Notes (1)', 'Documents (1)', 'Care plans (1)', 'Diagnoses (1)', 'href="#encounters"'])
      expect(res.body).toContain(count);
    // Rows open their item: the encounter (from encounters, notes and diagnoses), the plan, the document.
    expect(res.body).toContain(`href="/staff/encounters/${ids.encounterId}"`);
    expect(res.body).toContain(`href="/staff/care-plans/${ids.carePlanId}"`);
    expect(res.body).toContain(`href="/documents/${ids.documentId}/view"`);
    expect(res.body).toContain(`href="/documents/${ids.documentId}/download"`);
    expect(res.body).toContain(`href="/staff/patients/${patientId}/timeline"`);
    // The doctor may write: open an encounter, add a diagnosis (to the newest encounter), start a plan, upload.
    expect(res.body).toContain('action="/staff/encounters"');
    expect(res.body).toContain(`href="/staff/encounters/${ids.encounterId}/diagnoses"`);
    expect(res.body).toContain('New care plan');
    expect(res.body).toContain('Upload document');
    // The chart's form opens a walk-in encounter (no appointment) and lands on it.
    const opened = await new PageSession(t, doctor.cookie).post(
      '/staff/encounters',
      { patientId, type: 'outpatient' },
      { csrfFrom: `/staff/patients/${patientId}/chart` },
    );
    expect(opened.statusCode).toBe(303);
    expect(opened.headers.location).toMatch(/^\/staff\/encounters\/[0-9a-f-]{36}\?done=opened$/);

    // A pharmacist on the care team reads and uploads, but writes no encounter, diagnosis or plan.
    const seen = await new PageSession(t, pharmacist.cookie).get(`/staff/patients/${patientId}/chart`);
    expect(seen.statusCode).toBe(200);
    expect(seen.body).not.toContain('action="/staff/encounters"');
    expect(seen.body).not.toContain(`/staff/encounters/${ids.encounterId}/diagnoses`);
    expect(seen.body).not.toContain('New care plan');
    expect(seen.body).toContain('All care plans');
    expect(seen.body).toContain('Upload document');
  });

  it('reads every section under the one audit insert, in the same number of statements however long the record', async () => {
    const doctor = await createAccount(t, { role: 'doctor' });
    const patient = await createAccount(t, { role: 'patient' });
    const patientId = patient.patientId!;
    await putOnCareTeam(t, patientId, doctor.staffId!);
    await seedRecord(t, patientId, { staffId: doctor.staffId!, userId: doctor.userId }, patient.userId, 'QC1');

    const counter = countQueries(t);
    const first = await getPatientChart(counter.db, doctorContext(t, doctor), patientId);
    expect(first.notes).toHaveLength(1);
    expect(counter.matching(/insert into "audit_events"/i)).toBe(1);
    const statementsForOne = counter.count();
    // The decision (patient, care team), the one audit insert, one read per section: 10 at most.
    expect(statementsForOne, counter.statements().join('\n')).toBeLessThanOrEqual(10);

    // A longer record: more rows in every section, the same statements.
    for (const marker of ['QC2', 'QC3', 'QC4'])
      await seedRecord(t, patientId, { staffId: doctor.staffId!, userId: doctor.userId }, patient.userId, marker);
    counter.reset();
    const longer = await getPatientChart(counter.db, doctorContext(t, doctor), patientId);
    expect(longer.notes).toHaveLength(4);
    expect(longer.documents).toHaveLength(4);
    expect(counter.matching(/insert into "audit_events"/i)).toBe(1);
    expect(counter.count()).toBe(statementsForOne);
    expect((await everyAuditRow(t, doctor.userId)).map((r) => r.action)).toEqual(['chart.read', 'chart.read']);
  });

  it('audits a break-the-glass chart view once, marked with its tier', async () => {
    const doctor = await createAccount(t, { role: 'doctor' });
    const patient = await createAccount(t, { role: 'patient' });
    const patientId = patient.patientId!;
    await seedRecord(t, patientId, { staffId: doctor.staffId!, userId: doctor.userId }, patient.userId, 'BG1');
    await grantBreakGlass(t, patientId, doctor.userId);
    const page = new PageSession(t, doctor.cookie);
    const before = (await everyAuditRow(t, doctor.userId)).length;
    const res = await page.get(`/staff/patients/${patientId}/chart`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Assessment BG1');
    const rows = (await everyAuditRow(t, doctor.userId)).slice(before);
    expect(rows.map((r) => r.action)).toEqual(['chart.read']);
    expect(rows[0]!.detail).toEqual({ tier: 'break_glass', sections: CHART_SECTIONS });
  });

  it('reads each chart through one statement built once, the patient being the one its audit row names', async () => {
    // The statement is built once per tier and reused: a view of one patient must never show
    // another's rows, whatever was viewed before, and each row names the patient its view read.
    const doctor = await createAccount(t, { role: 'doctor' });
    const first = await createAccount(t, { role: 'patient' });
    const second = await createAccount(t, { role: 'patient' });
    const doctorRef = { staffId: doctor.staffId!, userId: doctor.userId };
    await seedRecord(t, first.patientId!, doctorRef, first.userId, 'ONE1');
    await seedRecord(t, second.patientId!, doctorRef, second.userId, 'TWO2');
    await putOnCareTeam(t, first.patientId!, doctor.staffId!);
    await grantBreakGlass(t, second.patientId!, doctor.userId, 'Collapsed in the waiting room');
    const page = new PageSession(t, doctor.cookie);
    const before = (await everyAuditRow(t, doctor.userId)).length;
    for (const [patient, own, other] of [
      [first, 'ONE1', 'TWO2'],
      [second, 'TWO2', 'ONE1'],
      [first, 'ONE1', 'TWO2'],
    ] as const) {
      const res = await page.get(`/staff/patients/${patient.patientId}/chart`);
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain(`Assessment ${own}`);
      expect(res.body).toContain(`Plan ${own}`);
      expect(res.body).not.toContain(other);
    }
    const rows = (await everyAuditRow(t, doctor.userId)).slice(before);
    expect(rows.map((r) => [r.action, r.patientId, (r.detail as { tier: string }).tier, r.occurredAt.getTime()])).toEqual([
      ['chart.read', first.patientId, 'care_team', t.clock.now().getTime()],
      ['chart.read', second.patientId, 'break_glass', t.clock.now().getTime()],
      ['chart.read', first.patientId, 'care_team', t.clock.now().getTime()],
    ]);
  });

  it('answers 404 to a doctor off the care team, to billing and to the patient, with denied audit rows and no note text', async () => {
    const doctor = await createAccount(t, { role: 'doctor' });
    const outsider = await createAccount(t, { role: 'doctor' });
    const billing = await createAccount(t, { role: 'billing' });
    const patient = await createAccount(t, { role: 'patient' });
    const patientId = patient.patientId!;
    await putOnCareTeam(t, patientId, doctor.staffId!);
    await seedRecord(t, patientId, { staffId: doctor.staffId!, userId: doctor.userId }, patient.userId, 'ZQ77');

    for (const who of [outsider, billing, patient]) {
      const res = await new PageSession(t, who.cookie).get(`/staff/patients/${patientId}/chart`);
      expect(res.statusCode).toBe(404);
      expect(res.body).not.toContain('ZQ77');
      const denied = await auditRows(t, who.userId, 'chart.read');
      expect(denied).toHaveLength(1);
      expect(denied[0]).toMatchObject({ outcome: 'denied', patientId });
    }
  });
});

describe('records: my patients', () => {
  const t = useTestApp();

  it('lists the assigned patients with what needs attention, in the same number of queries for 1 or 4 patients', async () => {
    const doctor = await createAccount(t, { role: 'doctor' });
    const colleague = await createAccount(t, { role: 'doctor' });
    const who = { staffId: doctor.staffId!, userId: doctor.userId };
    const now = t.clock.now();
    const ctx = doctorContext(t, doctor);

    // Patient 1: a draft note of mine, a care-plan review due, a new upload from the patient, a visit today.
    const first = await createAccount(t, { role: 'patient', givenName: 'Aiko', familyName: 'Abe' });
    await putOnCareTeam(t, first.patientId!, doctor.staffId!);
    const enc = await seedEncounter(t, first.patientId!, who);
    await seedDraftNote(t, first.patientId!, enc.id, doctor.staffId!, 'x');
    await seedDraftNote(t, first.patientId!, enc.id, colleague.staffId!, 'not mine');
    await seedCarePlan(t, first.patientId!, doctor.userId, 'Diabetes plan', new Date(now.getTime() - 60_000));
    await seedPatientDocument(t, first.patientId!, first.userId, 'Home readings');
    await seedPatientDocument(t, first.patientId!, first.userId, 'Old letter', new Date(now.getTime() - 10 * 86_400_000));
    await seedTodaysAppointment(t, first.patientId!, doctor.staffId!, new Date(now.getTime() + 2 * 3_600_000));

    const counter = countQueries(t);
    const one = await listMyPatients(counter.db, ctx);
    const queriesForOne = counter.count();
    expect(one).toHaveLength(1);
    expect(one[0]!.attention).toMatchObject({ draftNotes: 1, carePlanReviewsDue: 1, newPatientDocuments: 1 });
    expect(one[0]!.attention.todaysAppointment).not.toBeNull();
    expect(one[0]!.needsAttention).toBe(true);

    // Three more patients, with the same kinds of items: the statement count must not grow.
    for (const name of ['Bela', 'Chen', 'Dara']) {
      const p = await createAccount(t, { role: 'patient', givenName: name, familyName: 'Zed' });
      await putOnCareTeam(t, p.patientId!, doctor.staffId!);
      const e = await seedEncounter(t, p.patientId!, who);
      await seedDraftNote(t, p.patientId!, e.id, doctor.staffId!, 'x');
      await seedPatientDocument(t, p.patientId!, p.userId, 'Upload');
    }
    // Someone else's patient never shows.
    const foreign = await createAccount(t, { role: 'patient', givenName: 'Foreign' });
    await putOnCareTeam(t, foreign.patientId!, colleague.staffId!);

    counter.reset();
    const four = await listMyPatients(counter.db, ctx);
    expect(four).toHaveLength(4);
    expect(counter.count()).toBe(queriesForOne);
    expect(four.map((p) => p.name)).not.toContain('Foreign Zed');
    // Each listed patient has an audit row of the list.
    const listed = await auditRows(t, doctor.userId, 'chart.my_patients');
    expect(listed).toHaveLength(5);

    // The colleague's list next, from the same statements (built once): only their patient, one row naming them.
    const theirs = serviceContextOf(t, colleague, 'doctor');
    const colleagues = await listMyPatients(t.db, theirs);
    expect(colleagues.map((p) => p.patientId)).toEqual([foreign.patientId]);
    expect(colleagues[0]!.attention).toEqual({ draftNotes: 0, carePlanReviewsDue: 0, newPatientDocuments: 0, todaysAppointment: null });
    expect(await auditRowsOf(t, theirs)).toEqual([
      {
        action: 'chart.my_patients',
        outcome: 'success',
        resourceType: 'patient',
        resourceId: foreign.patientId,
        patientId: foreign.patientId,
        detail: { tier: 'care_team' },
      },
    ]);

    // The page shows the items; opening the chart marks the patient's uploads as seen.
    const page = new PageSession(t, doctor.cookie);
    const res = await page.get('/staff/my-patients');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Aiko Abe');
    expect(res.body).toContain('Unsigned notes: 1');
    expect(res.body).toContain('Care-plan reviews due: 1');
    expect(res.body).toContain('New documents from the patient: 1');
    expect(res.body).toContain(`/staff/patients/${first.patientId}/chart`);
    t.clock.advance(60_000);
    expect((await page.get(`/staff/patients/${first.patientId}/chart`)).statusCode).toBe(200);
    t.clock.advance(60_000);
    const after = await listMyPatients(t.db, { ...ctx, now: t.clock.now() });
    expect(after.find((p) => p.patientId === first.patientId)!.attention.newPatientDocuments).toBe(0);
  });

  it("finds the clinician's last look at each chart through its own index, however many chart reads they made", async () => {
    const doctor = await createAccount(t, { role: 'doctor' });
    const ctx = doctorContext(t, doctor);
    const patient = await createAccount(t, { role: 'patient', givenName: 'Ines', familyName: 'Long' });
    await putOnCareTeam(t, patient.patientId!, doctor.staffId!);
    // A year of chart reads of other patients by this doctor (the demo's doctor writes tens of thousands).
    await t.db.execute(sql`
      insert into audit_events (occurred_at, actor_user_id, actor_role, action, resource_type, patient_id, outcome)
      select ${t.clock.now().toISOString()}::timestamptz - (g || ' minutes')::interval, ${doctor.userId}::uuid, 'doctor', 'chart.read', 'patient', gen_random_uuid(), 'success'
      from generate_series(1, 3000) g`);
    await t.db.execute(sql`analyze audit_events`);
    const lookup = countNewPatientDocuments(t.db, doctor.userId, [patient.patientId!], newDocumentsSince(t.clock.now()));
    const explained: unknown = await t.db.execute(sql`explain ${lookup.getSQL()}`);
    const plan = (explained as { rows: Record<string, string>[] }).rows.map((r) => Object.values(r)[0]).join('\n');
    expect(plan).toContain('audit_events_last_chart_read_idx');
    expect(plan).not.toContain('audit_events_actor_idx');

    // Still right: an upload before the last look is seen, one after it is new.
    await seedPatientDocument(t, patient.patientId!, patient.userId, 'Before');
    t.clock.advance(60_000);
    expect((await new PageSession(t, doctor.cookie).get(`/staff/patients/${patient.patientId}/chart`)).statusCode).toBe(200);
    t.clock.advance(60_000);
    await seedPatientDocument(t, patient.patientId!, patient.userId, 'After');
    const [listed] = await listMyPatients(t.db, { ...ctx, now: t.clock.now() });
    expect(listed!.attention.newPatientDocuments).toBe(1);
  });

  it('has no list for a patient (404)', async () => {
    const patient = await createAccount(t, { role: 'patient' });
    const res = await new PageSession(t, patient.cookie).get('/staff/my-patients');
    expect(res.statusCode).toBe(404);
  });
});
