import { randomUUID } from 'node:crypto';
import { asc, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createAccount } from '../../../test/helpers/actors.js';
import { useTestApp, type TestApp } from '../../../test/helpers/app.js';
import { recordStatements } from '../../../test/helpers/statement-log.js';
import { patients } from '../../modules/patients/index.js';
import { deferRead } from '../db/read-together.js';
import { auditValues, type AuditedAccess } from './audit.service.js';
import { auditEvents } from './audit.tables.js';
import { auditedViews } from './audited-views.js';

/** The audit values and proof of one view of a patient (what patients' `accessAuditValues` gives). */
function auditOf(t: TestApp, viewer: { userId: string }, patientId: string, action: string, requestId: string) {
  return {
    audited: { patientId } as AuditedAccess,
    values: auditValues(
      { userId: viewer.userId, role: 'doctor' },
      { ip: '127.0.0.1', userAgent: 'test', requestId },
      { action, resourceType: 'patient', patientId, category: 'clinical', detail: { sections: ['name'] } },
      t.clock.now(),
    ),
  };
}

describe('auditedViews', () => {
  const t = useTestApp();

  it('builds a view once per key, reads the patient its audit row names, and writes each call its own row', async () => {
    const family = `View${randomUUID().slice(0, 8)}`;
    const doctor = await createAccount(t, { role: 'doctor' });
    const ana = await createAccount(t, { role: 'patient', givenName: 'Ana', familyName: family });
    const bea = await createAccount(t, { role: 'patient', givenName: 'Bea', familyName: family });
    const action = `test.view_${randomUUID().slice(0, 8)}`;
    const read = auditedViews();
    const builds: string[] = [];
    const view = (patientId: string, key: 'plain' | 'upper', requestId: string) =>
      read(
        t.db,
        key,
        auditOf(t, doctor, patientId, action, requestId),
        (db, audited, param: (name: 'suffix') => unknown) => {
          builds.push(key);
          const name = key === 'upper' ? sql<string>`upper(${patients.givenName}) || ${param('suffix')}` : patients.givenName;
          return {
            name: deferRead(db.select({ name }).from(patients).where(eq(patients.id, audited.patientId)), (rows) =>
              rows.map((r) => r.name),
            ),
          };
        },
        { suffix: '!' },
      );

    const log = recordStatements(t.database);
    const requests = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    expect(await view(ana.patientId!, 'plain', requests[0]!)).toEqual({ name: ['Ana'] });
    expect(await view(bea.patientId!, 'plain', requests[1]!)).toEqual({ name: ['Bea'] });
    expect(await view(bea.patientId!, 'upper', requests[2]!)).toEqual({ name: ['BEA!'] });
    expect(await view(ana.patientId!, 'upper', requests[3]!)).toEqual({ name: ['ANA!'] });
    log.stop();
    // One build per key; one statement per view, the audit row sent with its read.
    expect(builds).toEqual(['plain', 'upper']);
    expect(log.count()).toBe(4);
    const rows = await t.db.select().from(auditEvents).where(eq(auditEvents.action, action)).orderBy(asc(auditEvents.id));
    expect(rows.map((r) => [r.requestId, r.patientId, r.actorUserId, r.occurredAt.getTime()])).toEqual([
      [requests[0], ana.patientId, doctor.userId, t.clock.now().getTime()],
      [requests[1], bea.patientId, doctor.userId, t.clock.now().getTime()],
      [requests[2], bea.patientId, doctor.userId, t.clock.now().getTime()],
      [requests[3], ana.patientId, doctor.userId, t.clock.now().getTime()],
    ]);
  });
});
