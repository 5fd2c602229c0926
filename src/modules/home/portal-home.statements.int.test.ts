import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createAccount } from '../../../test/helpers/actors.js';
import { useTestApp } from '../../../test/helpers/app.js';
import { PageSession } from '../../../test/helpers/browser.js';
import { putOnCareTeam } from '../../../test/helpers/patients.js';
import { recordStatements } from '../../../test/helpers/statement-log.js';
import { auditEvents } from '../../platform/audit/audit.tables.js';
import { notifications } from '../notifications/index.js';
import { seedRecord, seedTodaysAppointment } from '../records/index.js';

const HOUR = 3_600_000;

/**
 * The portal home for the whole request, counted at the driver (issue 11): the appointments with
 * their audit row in one statement, the access decision, the record's audit row, then the record, the clinicians'
 * names and the inbox in ONE statement — the same number however much the patient has. The
 * session lookup is left out (the session layer's own business).
 */
describe('portal home: statements per view', () => {
  const t = useTestApp();

  it('stays at the same statements as the record, the appointments and the inbox grow', async () => {
    const doctor = await createAccount(t, { role: 'doctor', givenName: 'Rosa', familyName: 'Vidal' });
    const other = await createAccount(t, { role: 'doctor', givenName: 'Ines', familyName: 'Ruiz' });
    const patient = await createAccount(t, { role: 'patient' });
    const patientId = patient.patientId!;
    await putOnCareTeam(t, patientId, doctor.staffId!);
    const doc = { staffId: doctor.staffId!, userId: doctor.userId };
    let n = 0;
    const grow = async (clinician: typeof doctor) => {
      n += 1;
      await seedRecord(t, patientId, doc, patient.userId, `H${n}`);
      await seedTodaysAppointment(t, patientId, clinician.staffId!, new Date(t.clock.now().getTime() + (24 + n) * HOUR));
      await t.db.insert(notifications).values({
        userId: patient.userId,
        category: 'appointment',
        template: 'test',
        title: `Notice H${n}`,
        body: 'Body',
        link: '/portal/appointments',
        createdAt: new Date(t.clock.now().getTime() - n * 1000),
      });
    };
    const view = async () => {
      const before = (await t.db.select().from(auditEvents).where(eq(auditEvents.actorUserId, patient.userId))).length;
      const log = recordStatements(t.database);
      const res = await new PageSession(t, patient.cookie).get('/portal');
      log.stop();
      const audit = (await t.db.select().from(auditEvents).where(eq(auditEvents.actorUserId, patient.userId))).slice(before);
      const statements = log.statements().filter((q) => !/\bfrom "sessions"/i.test(q));
      return { res, statements, transactions: log.transactions(), audit: audit.map((r) => r.action).sort() };
    };

    await grow(doctor);
    const short = await view();
    expect(short.res.statusCode).toBe(200);
    expect(short.res.body).toContain('Rosa Vidal');
    expect(short.res.body).toContain('Notice H1');
    // The appointments with their audit row (one statement), the access decision, then the
    // record's audit row sent with every part of the page in one statement; no transaction.
    expect(short.statements, short.statements.join('\n')).toHaveLength(3);
    expect(short.transactions).toBe(0);
    expect(short.audit).toEqual(['appointment.list', 'health_record.read']);

    for (const clinician of [other, doctor, other]) await grow(clinician);
    const long = await view();
    expect(long.res.statusCode).toBe(200);
    expect(long.res.body).toContain('Ines Ruiz');
    expect(long.res.body).toContain('Unread notifications (4)');
    expect(long.statements).toHaveLength(short.statements.length);
    expect(long.transactions).toBe(short.transactions);
    expect(long.audit).toEqual(['appointment.list', 'health_record.read']);
  });
});
