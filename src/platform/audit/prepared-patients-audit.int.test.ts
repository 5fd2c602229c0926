import { randomUUID } from 'node:crypto';
import { asc, eq, sql, type Placeholder } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createAccount } from '../../../test/helpers/actors.js';
import { useTestApp } from '../../../test/helpers/app.js';
import { patients } from '../../modules/patients/index.js';
import { deferRead, preparedReadTogether } from '../db/read-together.js';
import { patientsAuditValues, preparedPatientsAudit } from './audit.service.js';
import { auditEvents } from './audit.tables.js';

describe('preparedPatientsAudit', () => {
  const t = useTestApp();

  it('writes one row per listed patient and reads exactly those patients, call after call of one statement built once', async () => {
    const family = `List${randomUUID().slice(0, 8)}`;
    const doctor = await createAccount(t, { role: 'doctor' });
    const ana = await createAccount(t, { role: 'patient', givenName: 'Ana', familyName: family });
    const bea = await createAccount(t, { role: 'patient', givenName: 'Bea', familyName: family });
    const cai = await createAccount(t, { role: 'patient', givenName: 'Cai', familyName: family });
    let builds = 0;
    const listStatement = preparedReadTogether(
      (db, param: (name: `audit_${string}`) => Placeholder) => {
        builds++;
        const { audited } = preparedPatientsAudit(param, { resourceIsPatient: true });
        return {
          names: deferRead(
            db
              .select({ name: patients.givenName })
              .from(patients)
              .where(sql`${patients.id} = any(${audited.patientIds}::uuid[])`)
              .orderBy(asc(patients.givenName)),
            (rows) => rows.map((r) => r.name),
          ),
        };
      },
      { writes: (_db, param) => [preparedPatientsAudit(param, { resourceIsPatient: true }).write] },
    );
    const list = async (ids: string[]) => {
      const requestId = randomUUID();
      const values = patientsAuditValues(
        { userId: doctor.userId, role: 'doctor' },
        { ip: '127.0.0.1', userAgent: 'test', requestId },
        { action: 'test.list', resourceType: 'patient', category: 'clinical', detail: { tier: 'care_team' } },
        ids,
        t.clock.now(),
      );
      const { names } = await listStatement(t.db, values);
      const rows = await t.db.select().from(auditEvents).where(eq(auditEvents.requestId, requestId)).orderBy(asc(auditEvents.id));
      return { names, rows: rows.map((r) => [r.patientId, r.resourceId, r.action, r.actorUserId, r.detail]) };
    };
    const row = (patientId: string) => [patientId, patientId, 'test.list', doctor.userId, { tier: 'care_team' }];

    expect(await list([ana.patientId!, bea.patientId!])).toEqual({
      names: ['Ana', 'Bea'],
      rows: [row(ana.patientId!), row(bea.patientId!)],
    });
    expect(await list([cai.patientId!])).toEqual({ names: ['Cai'], rows: [row(cai.patientId!)] });
    // A patient listed twice is one row; an empty list reads and writes nothing.
    expect(await list([bea.patientId!, bea.patientId!])).toEqual({ names: ['Bea'], rows: [row(bea.patientId!)] });
    expect(await list([])).toEqual({ names: [], rows: [] });
    expect(builds).toBe(1);
  });
});
