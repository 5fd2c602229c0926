import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../../test/helpers/app.js';
import { createAccount, type TestAccount } from '../../../../test/helpers/actors.js';
import { auditRowsOf, serviceContextOf } from '../../../../test/helpers/service-context.js';
import { seedTodaysAppointment } from '../../records/index.js';
import { listAppointments } from '../index.js';

const HOUR = 3_600_000;

/**
 * A list of appointments is one statement built once per shape (issue 11): two patients' lists
 * read in turn, twice, and paged with a cursor, must each give that patient's own appointments and
 * write one audit row naming exactly them. A statement that kept one request's values would not.
 */
describe('appointment lists, built once', () => {
  const t = useTestApp();

  it('gives each patient in turn their own page, and a page after the cursor, audited for exactly what is shown', async () => {
    const doctor = await createAccount(t, { role: 'doctor' });
    const clerk = await createAccount(t, { role: 'receptionist' });
    const withVisits = async (hours: number[]) => {
      const patient = await createAccount(t, { role: 'patient' });
      const ids: string[] = [];
      for (const h of hours)
        ids.push((await seedTodaysAppointment(t, patient.patientId!, doctor.staffId!, new Date(t.clock.now().getTime() + h * HOUR))).id);
      return { patient, ids };
    };
    const ana = await withVisits([2, 5, 30]);
    const ben = await withVisits([3]);

    const read = async (who: TestAccount, as: 'patient' | 'receptionist', patientId: string, limit: number, cursor?: string) => {
      t.clock.advance(1000);
      const ctx = serviceContextOf(t, who, as);
      const page = await listAppointments(t.db, ctx, {
        patientId,
        scope: 'upcoming',
        status: 'booked',
        limit,
        ...(cursor ? { cursor } : {}),
      });
      return { page, rows: await auditRowsOf(t, ctx) };
    };
    const audited = (patientId: string, tier: string, appointmentIds: string[]) => [
      {
        action: 'appointment.list',
        outcome: 'success',
        resourceType: 'appointment',
        resourceId: null,
        patientId,
        detail: { tier, appointmentIds },
      },
    ];

    for (let round = 0; round < 2; round++) {
      const own = await read(ana.patient, 'patient', ana.patient.patientId!, 2);
      expect(own.page.items.map((a) => a.id)).toEqual(ana.ids.slice(0, 2));
      expect(own.page.nextCursor).not.toBeNull();
      expect(own.rows).toEqual(audited(ana.patient.patientId!, 'self', ana.ids.slice(0, 2)));

      const next = await read(ana.patient, 'patient', ana.patient.patientId!, 2, own.page.nextCursor!);
      expect(next.page.items.map((a) => a.id)).toEqual(ana.ids.slice(2));
      expect(next.page.nextCursor).toBeNull();
      expect(next.rows).toEqual(audited(ana.patient.patientId!, 'self', ana.ids.slice(2)));

      const desk = await read(clerk, 'receptionist', ben.patient.patientId!, 2);
      expect(desk.page.items.map((a) => a.id)).toEqual(ben.ids);
      expect(desk.page.items[0]).not.toHaveProperty('reason');
      expect(desk.rows).toEqual(audited(ben.patient.patientId!, 'registration', ben.ids));
    }
  });
});
