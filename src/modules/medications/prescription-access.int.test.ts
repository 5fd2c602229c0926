import { beforeAll, describe, expect, it } from 'vitest';
import { api, useTestApp } from '../../../test/helpers/app.js';
import { createAccount, type TestAccount } from '../../../test/helpers/actors.js';
import { prescribeForCareTeamPatient, seedAmoxicillin } from '../../../test/helpers/prescriptions.js';
import { countQueries } from '../../../test/helpers/query-count.js';
import { auditRowsOf, serviceContextOf } from '../../../test/helpers/service-context.js';
import type { ServiceContext } from '../../platform/auth/actor.js';
import { accessPrescription } from './services/prescriptions.service.js';

/**
 * The access decision on a prescription reads the prescription's patient with the access facts in
 * ONE statement (`resolveOwnedAccess`, issue 11), and still refuses as before: an unknown
 * prescription and a patient the viewer has no relationship with both answer 404 with a denied row.
 */
const t = useTestApp();
let doctor: TestAccount;
let otherDoctor: TestAccount;
let patient: TestAccount;
let prescriptionId: string;

beforeAll(async () => {
  doctor = await createAccount(t, { role: 'doctor' });
  otherDoctor = await createAccount(t, { role: 'doctor' });
  patient = await createAccount(t, { role: 'patient' });
  prescriptionId = await prescribeForCareTeamPatient(t, doctor, patient.patientId!, {
    productId: await seedAmoxicillin(t, doctor),
    frequency: { kind: 'every_n_hours', hours: 8 },
    startsAt: t.clock.now(),
    durationDays: 5,
  });
});

const contextOf = (account: TestAccount) => serviceContextOf(t, account, 'doctor');

const rowsOf = (ctx: ServiceContext) => auditRowsOf(t, ctx);

describe('the access decision on a prescription', () => {
  it('decides for the care team in one statement, with the prescription’s patient', async () => {
    const counter = countQueries(t);
    const ctx = contextOf(doctor);
    const access = await accessPrescription(counter.db, ctx, prescriptionId, 'prescription.read');
    expect(counter.count()).toBe(1);
    expect(access).toMatchObject({ tier: 'care_team', patient: { id: patient.patientId } });
    expect(await rowsOf(ctx)).toEqual([]); // the view writes the read's row with its reads
  });

  it('refuses a doctor off the care team: 404 and a denied row naming the patient', async () => {
    const ctx = contextOf(otherDoctor);
    await expect(accessPrescription(t.db, ctx, prescriptionId, 'prescription.read')).rejects.toMatchObject({ status: 404 });
    expect(await rowsOf(ctx)).toEqual([
      {
        action: 'prescription.read',
        outcome: 'denied',
        resourceType: 'patient',
        resourceId: patient.patientId,
        patientId: patient.patientId,
        detail: { reason: 'no_relationship' },
      },
    ]);
  });

  it('refuses an unknown prescription like an inaccessible one: 404 and a denied row naming the id asked for', async () => {
    const unknown = '00000000-0000-4000-8000-00000000f00d';
    const ctx = contextOf(doctor);
    await expect(accessPrescription(t.db, ctx, unknown, 'prescription.read')).rejects.toMatchObject({ status: 404 });
    expect(await rowsOf(ctx)).toEqual([
      {
        action: 'prescription.read',
        outcome: 'denied',
        resourceType: 'patient',
        resourceId: unknown,
        patientId: null,
        detail: { reason: 'unknown_patient' },
      },
    ]);
    // The same answer as for a prescription the viewer may not see: nothing tells the two apart.
    const withoutInstance = ({ instance: _instance, ...rest }: Record<string, unknown>) => rest;
    const unknownAnswer = await api(t, 'GET', `/api/v1/prescriptions/${unknown}`, { token: doctor.token });
    const hiddenAnswer = await api(t, 'GET', `/api/v1/prescriptions/${prescriptionId}`, { token: otherDoctor.token });
    expect(unknownAnswer.statusCode).toBe(404);
    expect(withoutInstance(unknownAnswer.json())).toEqual(withoutInstance(hiddenAnswer.json()));
  });
});
