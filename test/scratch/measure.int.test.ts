import { describe, it } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { createAccount } from '../helpers/actors.js';
import { PageSession } from '../helpers/browser.js';
import { putOnCareTeam } from '../helpers/patients.js';
import { recordStatements } from '../helpers/statement-log.js';
import { seedRecord, seedTodaysAppointment } from '../../src/modules/records/index.js';
import { auditEvents } from '../../src/platform/audit/audit.tables.js';
import { eq } from 'drizzle-orm';

describe('measure', () => {
  const t = useTestApp();
  it('chart and portal', async () => {
    const doctor = await createAccount(t, { role: 'doctor' });
    const patient = await createAccount(t, { role: 'patient' });
    const patientId = patient.patientId!;
    await putOnCareTeam(t, patientId, doctor.staffId!);
    const doc = { staffId: doctor.staffId!, userId: doctor.userId };
    await seedRecord(t, patientId, doc, patient.userId, 'M1');
    await seedTodaysAppointment(t, patientId, doctor.staffId!, new Date(t.clock.now().getTime() + 50 * 3600_000));
    const page = new PageSession(t, doctor.cookie);
    await page.get(`/staff/patients/${patientId}/chart`);
    for (const [who, url] of [[doctor, `/staff/patients/${patientId}`], [doctor, `/staff/patients/${patientId}/chart`], [patient, '/portal'], [doctor, '/staff']] as const) {
      const s = new PageSession(t, who.cookie);
      await s.get(url);
      const before = (await t.db.select().from(auditEvents).where(eq(auditEvents.actorUserId, who.userId))).length;
      const log = recordStatements(t.database);
      const res = await s.get(url);
      log.stop();
      const rows = (await t.db.select().from(auditEvents).where(eq(auditEvents.actorUserId, who.userId))).slice(before);
      console.log(`\n### ${url} status=${res.statusCode} statements=${log.count()} transactions=${log.transactions()} audit=${rows.map((r) => r.action).join(',')}`);
      console.log(log.all().map((q, i) => `${i + 1}. ${q.replace(/\s+/g, ' ').slice(0, 260)}`).join('\n'));
    }
  });
});
