import { and, asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createAccount, createPatientRecord } from '../../../test/helpers/actors.js';
import { useTestApp } from '../../../test/helpers/app.js';
import { countQueries } from '../../../test/helpers/query-count.js';
import { serviceContextOf } from '../../../test/helpers/service-context.js';
import { auditEvents } from '../../platform/audit/audit.tables.js';
import type { ServiceContext } from '../../platform/auth/actor.js';
import type { Role } from '../../platform/auth/auth.tables.js';
import { getPatientProfile } from './services/patient-profile.service.js';

/** The audited read of one patient: one statement when the viewer's tier does not hang on the record. */
describe('patients: the audited read of one patient', () => {
  const t = useTestApp();
  const contextOf = (account: { userId: string; email: string; staffId: string | null; patientId: string | null }, role: Role) =>
    serviceContextOf(t, account, role);

  const rowsOf = (ctx: ServiceContext) =>
    t.db
      .select({
        action: auditEvents.action,
        outcome: auditEvents.outcome,
        patientId: auditEvents.patientId,
        category: auditEvents.category,
        detail: auditEvents.detail,
      })
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.requestId, ctx.origin.requestId!),
          eq(auditEvents.actorUserId, ctx.actor.kind === 'user' ? ctx.actor.userId : ''),
        ),
      )
      .orderBy(asc(auditEvents.id));

  it('reads with its audit row in one statement for the front desk and for the patient themself', async () => {
    const clerk = await createAccount(t, { role: 'receptionist' });
    const ana = await createAccount(t, { role: 'patient', givenName: 'Ana', familyName: 'Sousa' });
    const counter = countQueries(t);

    const desk = contextOf(clerk, 'receptionist');
    const seenByDesk = await getPatientProfile(counter.db, desk, ana.patientId!);
    expect(counter.count()).toBe(1);
    expect(seenByDesk).toMatchObject({ id: ana.patientId, givenName: 'Ana', familyName: 'Sousa' });
    expect(await rowsOf(desk)).toEqual([
      { action: 'patient.read', outcome: 'success', patientId: ana.patientId, category: 'registration', detail: { tier: 'registration' } },
    ]);

    counter.reset();
    const self = contextOf(ana, 'patient');
    await getPatientProfile(counter.db, self, ana.patientId!);
    expect(counter.count()).toBe(1);
    expect(await rowsOf(self)).toEqual([
      { action: 'patient.read', outcome: 'success', patientId: ana.patientId, category: 'clinical', detail: { tier: 'self' } },
    ]);
  });

  it('writes no read row for a record that is not there: 404 and the denied row, as before', async () => {
    const clerk = await createAccount(t, { role: 'receptionist' });
    const desk = contextOf(clerk, 'receptionist');
    const missing = '00000000-0000-4000-8000-000000000001';
    await expect(getPatientProfile(t.db, desk, missing)).rejects.toMatchObject({ status: 404 });
    expect(await rowsOf(desk)).toEqual([
      { action: 'patient.read', outcome: 'denied', patientId: null, category: 'registration', detail: { reason: 'unknown_patient' } },
    ]);
  });

  it('keeps the decision from the record for everyone else: another patient and a clinician off the care team get 404', async () => {
    const ana = await createAccount(t, { role: 'patient' });
    const bea = await createPatientRecord(t, { givenName: 'Bea', familyName: 'Costa' });
    const doctor = await createAccount(t, { role: 'doctor' });
    for (const ctx of [contextOf(ana, 'patient'), contextOf(doctor, 'doctor')]) {
      await expect(getPatientProfile(t.db, ctx, bea.id)).rejects.toMatchObject({ status: 404 });
      expect(await rowsOf(ctx)).toEqual([
        { action: 'patient.read', outcome: 'denied', patientId: bea.id, category: 'registration', detail: { reason: 'no_relationship' } },
      ]);
    }
  });
});
