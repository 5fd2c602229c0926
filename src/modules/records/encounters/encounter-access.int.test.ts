import { beforeAll, describe, expect, it } from 'vitest';
import { api, useTestApp } from '../../../../test/helpers/app.js';
import { createAccount, type TestAccount } from '../../../../test/helpers/actors.js';
import { putOnCareTeam } from '../../../../test/helpers/patients.js';
import { countQueries } from '../../../../test/helpers/query-count.js';
import { auditRowsOf, serviceContextOf } from '../../../../test/helpers/service-context.js';
import type { ServiceContext } from '../../../platform/auth/actor.js';
import { resolveChildAccess } from './services/encounters-access.service.js';

/**
 * The access decision on an encounter or a note reads the record's patient with the access facts
 * in ONE statement (issue 11; they were two), and refuses as before: an unknown record with a
 * denied row naming it, a viewer without a relationship with a denied row naming the patient, and
 * the patient themself from staff-only records.
 */
const t = useTestApp();
let doctor: TestAccount;
let otherDoctor: TestAccount;
let patient: TestAccount;
let encounterId: string;

beforeAll(async () => {
  doctor = await createAccount(t, { role: 'doctor' });
  otherDoctor = await createAccount(t, { role: 'doctor' });
  patient = await createAccount(t, { role: 'patient' });
  await putOnCareTeam(t, patient.patientId!, doctor.staffId!);
  const opened = await api(t, 'POST', `/api/v1/patients/${patient.patientId}/encounters`, {
    token: doctor.token,
    body: { type: 'outpatient' },
  });
  expect(opened.statusCode, opened.body).toBe(201);
  encounterId = opened.json<{ id: string }>().id;
});

const contextOf = (account: TestAccount, role: 'doctor' | 'patient') => serviceContextOf(t, account, role);

const deniedRowsOf = (ctx: ServiceContext) => auditRowsOf(t, ctx);

describe('the access decision on an encounter or a note', () => {
  it('decides for the care team in one statement, with the encounter’s patient', async () => {
    const counter = countQueries(t);
    const ctx = contextOf(doctor, 'doctor');
    const access = await resolveChildAccess(counter.db, ctx, { resourceType: 'encounter', id: encounterId }, 'encounter.read');
    expect(counter.count()).toBe(1);
    expect(access).toMatchObject({ tier: 'care_team', patient: { id: patient.patientId } });
    expect(await deniedRowsOf(ctx)).toEqual([]);
  });

  it('refuses unknown encounters and notes: 404 naming the record, and a denied row naming its id', async () => {
    const unknown = '00000000-0000-4000-8000-0000000000e1';
    for (const resourceType of ['encounter', 'note'] as const) {
      const ctx = contextOf(doctor, 'doctor');
      await expect(resolveChildAccess(t.db, ctx, { resourceType, id: unknown }, `${resourceType}.read`)).rejects.toMatchObject({
        status: 404,
        message: resourceType === 'note' ? 'The note was not found.' : 'The encounter was not found.',
      });
      expect(await deniedRowsOf(ctx)).toEqual([
        {
          action: `${resourceType}.read`,
          outcome: 'denied',
          resourceType,
          resourceId: unknown,
          patientId: null,
          detail: { reason: 'unknown_resource' },
        },
      ]);
    }
  });

  it('refuses a doctor off the care team (404 naming the encounter, a denied row naming the patient) and the patient from staff-only records', async () => {
    const offTeam = contextOf(otherDoctor, 'doctor');
    await expect(resolveChildAccess(t.db, offTeam, { resourceType: 'encounter', id: encounterId }, 'encounter.read')).rejects.toMatchObject(
      {
        status: 404,
        message: 'The encounter was not found.',
      },
    );
    expect(await deniedRowsOf(offTeam)).toEqual([
      {
        action: 'encounter.read',
        outcome: 'denied',
        resourceType: 'patient',
        resourceId: patient.patientId,
        patientId: patient.patientId,
        detail: { reason: 'no_relationship' },
      },
    ]);

    const self = contextOf(patient, 'patient');
    const own = await resolveChildAccess(t.db, self, { resourceType: 'encounter', id: encounterId }, 'encounter.read');
    expect(own.tier).toBe('self');
    await expect(
      resolveChildAccess(t.db, self, { resourceType: 'encounter', id: encounterId }, 'note.list', { staffOnly: true }),
    ).rejects.toMatchObject({ status: 404 });
    expect(await deniedRowsOf(self)).toEqual([
      {
        action: 'note.list',
        outcome: 'denied',
        resourceType: 'patient',
        resourceId: patient.patientId,
        patientId: patient.patientId,
        detail: { reason: 'tier' },
      },
    ]);
  });
});
