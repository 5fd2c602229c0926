import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { api, useTestApp } from '../../../test/helpers/app.js';
import { createAccount, createPatientRecord } from '../../../test/helpers/actors.js';
import { putOnCareTeam } from '../../../test/helpers/patients.js';
import { allergies, conditions, emergencyContacts, insurancePolicies, patients } from './patients.tables.js';

describe('patients: allergies, conditions, contacts, insurance', () => {
  const t = useTestApp();

  it('adds allergies (has_allergies), marks them entered-in-error on DELETE, and refuses "no known allergies" while one is active', async () => {
    const patient = await createAccount(t, { role: 'patient' });
    const url = `/api/v1/patients/${patient.patientId}/allergies`;
    const added = await api(t, 'POST', url, { token: patient.token, body: { rxcui: '70618', reaction: 'Hives', severity: 'moderate' } });
    expect(added.statusCode).toBe(201);
    expect(added.json()).toMatchObject({
      substance: 'penicillin',
      rxcui: '70618',
      source: 'patient',
      verification: 'unconfirmed',
      status: 'active',
    });
    const [after] = await t.db.select().from(patients).where(eq(patients.id, patient.patientId!));
    expect(after).toMatchObject({ allergyStatus: 'has_allergies', version: 2 });

    const nka = await api(t, 'PATCH', `/api/v1/patients/${patient.patientId}`, {
      token: patient.token,
      body: { allergyStatus: 'no_known_allergies' },
    });
    expect(nka.statusCode).toBe(422);
    expect(nka.json().code).toBe('unprocessable');
    expect((await t.db.select().from(patients).where(eq(patients.id, patient.patientId!)))[0]!.allergyStatus).toBe('has_allergies');

    const removed = await api(t, 'DELETE', `${url}/${added.json().id}`, { token: patient.token });
    expect(removed.statusCode).toBe(204);
    const [row] = await t.db.select().from(allergies).where(eq(allergies.id, added.json().id));
    expect(row).toMatchObject({ status: 'entered-in-error', version: 2 });
    expect((await api(t, 'DELETE', `${url}/${added.json().id}`, { token: patient.token })).statusCode).toBe(404);
    expect(
      (
        await api(t, 'PATCH', `/api/v1/patients/${patient.patientId}`, {
          token: patient.token,
          body: { allergyStatus: 'no_known_allergies' },
        })
      ).statusCode,
    ).toBe(200);

    const freeText = await api(t, 'POST', url, { token: patient.token, body: { substance: 'Cat dander' } });
    expect(freeText.json()).toMatchObject({ substance: 'Cat dander', rxcui: null, severity: 'unknown' });
    const unknownCode = await api(t, 'POST', url, { token: patient.token, body: { rxcui: '999999999' } });
    expect(unknownCode.statusCode).toBe(400);
    expect(unknownCode.json().errors[0].path).toBe('rxcui');
    expect((await api(t, 'POST', url, { token: patient.token, body: { substance: 'x', colour: 'red' } })).statusCode).toBe(400);
  });

  it('records staff entries as confirmed, and a patient cannot remove them', async () => {
    const doctor = await createAccount(t, { role: 'doctor' });
    const patient = await createAccount(t, { role: 'patient' });
    await putOnCareTeam(t, patient.patientId!, doctor.staffId!);
    const url = `/api/v1/patients/${patient.patientId}/allergies`;
    const added = await api(t, 'POST', url, { token: doctor.token, body: { substance: 'Warfarin', severity: 'severe' } });
    expect(added.json()).toMatchObject({ substance: 'Warfarin', rxcui: '11289', source: 'staff', verification: 'confirmed' });
    const refused = await api(t, 'DELETE', `${url}/${added.json().id}`, { token: patient.token });
    expect(refused.statusCode).toBe(403);
    expect((await t.db.select().from(allergies).where(eq(allergies.id, added.json().id)))[0]!.status).toBe('active');
    const stale = await api(t, 'PATCH', `${url}/${added.json().id}`, {
      token: doctor.token,
      body: { severity: 'mild' },
      headers: { 'if-match': '"7"' },
    });
    expect(stale.statusCode).toBe(412);
    expect((await api(t, 'PATCH', `${url}/${added.json().id}`, { token: doctor.token, body: { status: 'resolved' } })).json().status).toBe(
      'resolved',
    );
  });

  it('validates condition codes and keeps history on DELETE', async () => {
    const patient = await createAccount(t, { role: 'patient' });
    const url = `/api/v1/patients/${patient.patientId}/conditions`;
    const bad = await api(t, 'POST', url, {
      token: patient.token,
      body: { category: 'condition', description: 'Diabetes', icd10Code: 'U07.1' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('icd10Code');
    const ok = await api(t, 'POST', url, {
      token: patient.token,
      body: { category: 'family_history', description: 'Type 2 diabetes', icd10Code: 'e11.9', relationship: 'mother' },
    });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ icd10Code: 'E11.9', source: 'patient' });
    expect((await api(t, 'DELETE', `${url}/${ok.json().id}`, { token: patient.token })).statusCode).toBe(204);
    expect((await t.db.select().from(conditions).where(eq(conditions.id, ok.json().id)))[0]!.status).toBe('entered-in-error');
  });

  it('keeps insurance and contacts in the registration tier; bad validity dates are 400; DELETE deactivates a policy and deletes a contact', async () => {
    const clerk = await createAccount(t, { role: 'receptionist' });
    const doctor = await createAccount(t, { role: 'doctor' });
    const patient = await createPatientRecord(t);
    await putOnCareTeam(t, patient.id, doctor.staffId!);
    const policies = `/api/v1/patients/${patient.id}/insurance-policies`;
    const bad = await api(t, 'POST', policies, {
      token: clerk.token,
      body: { payer: 'Acme', memberNumber: 'M1', validFrom: '2026-05-01', validTo: '2026-04-01' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('validTo');
    const policy = await api(t, 'POST', policies, {
      token: clerk.token,
      body: { payer: 'Acme', memberNumber: 'M1', validFrom: '2026-01-01', validTo: '2026-12-31' },
    });
    expect(policy.statusCode).toBe(201);
    expect((await api(t, 'GET', policies, { token: doctor.token })).json().items).toHaveLength(1);
    expect((await api(t, 'DELETE', `${policies}/${policy.json().id}`, { token: clerk.token })).statusCode).toBe(204);
    expect((await t.db.select().from(insurancePolicies).where(eq(insurancePolicies.id, policy.json().id)))[0]!.status).toBe('inactive');

    const contacts = `/api/v1/patients/${patient.id}/emergency-contacts`;
    const byDoctor = await api(t, 'POST', contacts, {
      token: doctor.token,
      body: { name: 'Sam', relationship: 'brother', phone: '+1 555 0101' },
    });
    expect(byDoctor.statusCode).toBe(403);
    const contact = await api(t, 'POST', contacts, {
      token: clerk.token,
      body: { name: 'Sam', relationship: 'brother', phone: '+1 555 0101', isPrimary: true },
    });
    expect(contact.statusCode).toBe(201);
    expect((await api(t, 'DELETE', `${contacts}/${contact.json().id}`, { token: clerk.token })).statusCode).toBe(204);
    expect(await t.db.select().from(emergencyContacts).where(eq(emergencyContacts.patientId, patient.id))).toHaveLength(0);
  });

  it('searches the allergy substance list', async () => {
    const patient = await createAccount(t, { role: 'patient' });
    const res = await api(t, 'GET', '/api/v1/reference/allergy-substances?query=penicillin', { token: patient.token });
    expect(res.statusCode).toBe(200);
    expect(res.json().items[0]).toEqual({ rxcui: '70618', name: 'penicillin' });
    expect(res.json().items.length).toBeLessThanOrEqual(20);
    const warfarin = await api(t, 'GET', '/api/v1/reference/allergy-substances?query=warf', { token: patient.token });
    expect(warfarin.json().items.map((i: { name: string }) => i.name)).toContain('warfarin');
  });

  it('documents its routes in the OpenAPI document', async () => {
    const res = await api(t, 'GET', '/api/openapi.json');
    expect(res.statusCode).toBe(200);
    const paths = Object.keys(res.json().paths);
    for (const path of [
      '/api/v1/patients',
      '/api/v1/patients/{id}',
      '/api/v1/patients/{id}/allergies/{itemId}',
      '/api/v1/patients/{id}/care-team',
      '/api/v1/privacy/review-tasks',
      '/api/v1/reference/allergy-substances',
    ]) {
      expect(paths).toContain(path);
    }
  });
});
