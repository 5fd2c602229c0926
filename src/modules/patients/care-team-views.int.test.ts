import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/helpers/app.js';
import { createAccount, createPatientRecord } from '../../../test/helpers/actors.js';
import { putOnCareTeam } from '../../../test/helpers/patients.js';
import { countQueries } from '../../../test/helpers/query-count.js';
import { auditRowsOf, serviceContextOf } from '../../../test/helpers/service-context.js';
import { allergies } from './patients.tables.js';
import { listCareTeam, readCareTeamPage } from './services/care-team.service.js';

/**
 * The care team's page and list are statements built once per shape (issue 11). Two patients read
 * in turn, twice, by a clinician and by the front desk, must each show that patient's own team and
 * allergies and write one row naming that patient: a statement that kept one request's values would
 * show the other's.
 */
describe('the care team, built once', () => {
  const t = useTestApp();

  it('shows each patient their own team, allergies and audit row, whoever reads first', async () => {
    const doctor = await createAccount(t, { role: 'doctor' });
    const desk = await createAccount(t, { role: 'receptionist' });
    const records = [];
    for (const [name, substance] of [
      ['Ana', 'latex'],
      ['Bea', 'penicillin'],
    ] as const) {
      const patient = await createPatientRecord(t, { givenName: name, familyName: 'Team', allergyStatus: 'has_allergies' });
      const colleague = await createAccount(t, { role: 'nurse', givenName: `Nurse of ${name}` });
      await putOnCareTeam(t, patient.id, doctor.staffId!);
      await putOnCareTeam(t, patient.id, colleague.staffId!);
      const now = t.clock.now();
      await t.db
        .insert(allergies)
        .values({ patientId: patient.id, substance, source: 'staff', verification: 'confirmed', createdAt: now, updatedAt: now });
      records.push({ id: patient.id, substance, team: [doctor.staffId!, colleague.staffId!].sort() });
    }

    for (const record of [...records, ...records]) {
      t.clock.advance(1000);
      const clinician = serviceContextOf(t, doctor, 'doctor');
      const counter = countQueries(t);
      const page = await readCareTeamPage(counter.db, clinician, record.id);
      // The access decision, then the team, the allergies and the audit row together.
      expect(counter.count()).toBe(2);
      expect(page.patient.id).toBe(record.id);
      expect(page.members.map((m) => m.staffId).sort()).toEqual(record.team);
      expect(page.allergies?.map((a) => a.substance)).toEqual([record.substance]);
      expect(await auditRowsOf(t, clinician)).toEqual([
        expect.objectContaining({
          action: 'care_team.list',
          outcome: 'success',
          patientId: record.id,
          detail: { sections: ['care_team', 'profile', 'allergies'], tier: 'care_team' },
        }),
      ]);

      const front = serviceContextOf(t, desk, 'receptionist');
      const seen = await readCareTeamPage(t.db, front, record.id);
      expect(seen.allergies).toBeNull();
      expect(seen.members.map((m) => m.staffId).sort()).toEqual(record.team);
      expect(await auditRowsOf(t, front)).toEqual([
        expect.objectContaining({
          action: 'care_team.list',
          patientId: record.id,
          detail: expect.objectContaining({ sections: ['care_team', 'profile'] }),
        }),
      ]);

      const api = serviceContextOf(t, doctor, 'doctor');
      expect((await listCareTeam(t.db, api, record.id)).map((m) => m.staffId).sort()).toEqual(record.team);
      expect(await auditRowsOf(t, api)).toEqual([expect.objectContaining({ action: 'care_team.list', patientId: record.id })]);
    }
  });
});
