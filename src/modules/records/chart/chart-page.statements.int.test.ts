import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createAccount, type TestAccount } from '../../../../test/helpers/actors.js';
import { useTestApp, type TestApp } from '../../../../test/helpers/app.js';
import { PageSession } from '../../../../test/helpers/browser.js';
import { putOnCareTeam } from '../../../../test/helpers/patients.js';
import { recordStatements } from '../../../../test/helpers/statement-log.js';
import { auditEvents } from '../../../platform/audit/audit.tables.js';
import { allergies, conditions } from '../../patients/index.js';
import { seedRecord } from './chart-test-support.js';

/**
 * What one view of a record page costs the database, counted at the driver for the WHOLE request
 * (sign-in check, access decision, audit, sections, layout): a constant, small number of
 * statements whatever the record's size, no transaction, one audit row (issue 11).
 *
 * The session lookup is left out of the pinned numbers: how sign-in is resolved (and cached) is
 * the session layer's business and has its own tests.
 */
const pageStatements = (log: ReturnType<typeof recordStatements>) => log.statements().filter((q) => !/\bfrom "sessions"/i.test(q));

async function measure(t: TestApp, who: TestAccount, url: string) {
  const page = new PageSession(t, who.cookie);
  const before = (await t.db.select().from(auditEvents).where(eq(auditEvents.actorUserId, who.userId))).length;
  const log = recordStatements(t.database);
  const res = await page.get(url);
  log.stop();
  const audit = (await t.db.select().from(auditEvents).where(eq(auditEvents.actorUserId, who.userId))).slice(before);
  return { res, statements: pageStatements(log), transactions: log.transactions(), audit };
}

async function growRecord(t: TestApp, patientId: string, doctor: TestAccount, patient: TestAccount, markers: string[]) {
  const now = t.clock.now();
  for (const marker of markers) {
    await seedRecord(t, patientId, { staffId: doctor.staffId!, userId: doctor.userId }, patient.userId, marker);
    await t.db
      .insert(allergies)
      .values({ patientId, substance: `substance ${marker}`, source: 'staff', verification: 'confirmed', createdAt: now, updatedAt: now });
    await t.db
      .insert(conditions)
      .values({ patientId, description: `History ${marker}`, category: 'condition', source: 'staff', createdAt: now, updatedAt: now });
  }
}

describe('record pages: statements per view', () => {
  const t = useTestApp();

  it('the chart: access, then one audit row naming the sections sent with every section in one statement — the same for a long record', async () => {
    const doctor = await createAccount(t, { role: 'doctor' });
    const patient = await createAccount(t, { role: 'patient' });
    const patientId = patient.patientId!;
    await putOnCareTeam(t, patientId, doctor.staffId!);
    await growRecord(t, patientId, doctor, patient, ['S1']);
    const url = `/staff/patients/${patientId}/chart`;

    const short = await measure(t, doctor, url);
    expect(short.res.statusCode).toBe(200);
    expect(short.res.body).toContain('Assessment S1');
    // The access decision (patient + care team + break-the-glass), then the audit insert travelling
    // with every section in one statement.
    expect(short.statements, short.statements.join('\n')).toHaveLength(2);
    expect(short.statements[1]).toMatch(/^with "w0" as \(insert into "audit_events"/);
    expect(short.transactions).toBe(0);
    expect(short.audit.map((r) => [r.action, r.outcome])).toEqual([['chart.read', 'success']]);

    await growRecord(t, patientId, doctor, patient, ['S2', 'S3', 'S4', 'S5']);
    const long = await measure(t, doctor, url);
    expect(long.res.statusCode).toBe(200);
    for (const marker of ['S1', 'S5']) expect(long.res.body).toContain(`Assessment ${marker}`);
    expect(long.res.body).toContain('substance S5');
    expect(long.res.body).toContain('Documents (5)');
    expect(long.statements).toHaveLength(short.statements.length);
    expect(long.transactions).toBe(0);
    expect(long.audit).toHaveLength(1);
  });

  it('the staff record page: the same shape (registration tier included)', async () => {
    const doctor = await createAccount(t, { role: 'doctor' });
    const desk = await createAccount(t, { role: 'receptionist' });
    const patient = await createAccount(t, { role: 'patient' });
    const patientId = patient.patientId!;
    await putOnCareTeam(t, patientId, doctor.staffId!);
    await growRecord(t, patientId, doctor, patient, ['R1']);
    const url = `/staff/patients/${patientId}`;

    const short = await measure(t, doctor, url);
    expect(short.res.statusCode).toBe(200);
    expect(short.statements, short.statements.join('\n')).toHaveLength(2);
    expect(short.transactions).toBe(0);
    expect(short.audit.map((r) => r.action)).toEqual(['patient.read']);

    await growRecord(t, patientId, doctor, patient, ['R2', 'R3']);
    const long = await measure(t, doctor, url);
    expect(long.res.body).toContain('substance R3');
    expect(long.statements).toHaveLength(2);
    expect(long.transactions).toBe(0);

    const front = await measure(t, desk, url);
    expect(front.res.statusCode).toBe(200);
    expect(front.res.body).not.toContain('substance R3');
    expect(front.statements).toHaveLength(2);
    expect(front.audit.map((r) => r.action)).toEqual(['patient.read']);
  });

  it('my patients: the memberships, then the audit insert with every attention count in one statement — for 1 or 3 patients', async () => {
    const doctor = await createAccount(t, { role: 'doctor' });
    const first = await createAccount(t, { role: 'patient' });
    await putOnCareTeam(t, first.patientId!, doctor.staffId!);
    await growRecord(t, first.patientId!, doctor, first, ['M1']);

    const one = await measure(t, doctor, '/staff/my-patients');
    expect(one.res.statusCode).toBe(200);
    expect(one.statements, one.statements.join('\n')).toHaveLength(2);
    expect(one.transactions).toBe(0);
    expect(one.audit.map((r) => r.action)).toEqual(['chart.my_patients']);

    for (const marker of ['M2', 'M3']) {
      const next = await createAccount(t, { role: 'patient' });
      await putOnCareTeam(t, next.patientId!, doctor.staffId!);
      await growRecord(t, next.patientId!, doctor, next, [marker]);
    }
    const three = await measure(t, doctor, '/staff/my-patients');
    expect(three.statements).toHaveLength(2);
    expect(three.transactions).toBe(0);
    expect(three.audit).toHaveLength(3);
  });

  it('the history timeline: access, one audit row, every part in one statement — the same for a long record', async () => {
    const doctor = await createAccount(t, { role: 'doctor' });
    const patient = await createAccount(t, { role: 'patient' });
    const patientId = patient.patientId!;
    await putOnCareTeam(t, patientId, doctor.staffId!);
    await growRecord(t, patientId, doctor, patient, ['L1']);
    const url = `/staff/patients/${patientId}/timeline`;

    const short = await measure(t, doctor, url);
    expect(short.res.statusCode).toBe(200);
    expect(short.statements, short.statements.join('\n')).toHaveLength(2);
    expect(short.transactions).toBe(0);
    expect(short.audit.map((r) => r.action)).toEqual(['timeline.read']);

    await growRecord(t, patientId, doctor, patient, ['L2', 'L3', 'L4']);
    const long = await measure(t, doctor, url);
    expect(long.res.body).toContain('Lab L4');
    expect(long.statements).toHaveLength(2);
    expect(long.transactions).toBe(0);
  });
});
