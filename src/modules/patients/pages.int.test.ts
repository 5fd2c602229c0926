import { eq } from 'drizzle-orm';
import { auditEvents } from '../../platform/audit/audit.tables.js';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/helpers/app.js';
import { createAccount, createPatientRecord } from '../../../test/helpers/actors.js';
import { PageSession } from '../../../test/helpers/browser.js';
import { addConfirmedAllergy, putOnCareTeam } from '../../../test/helpers/patients.js';
import { allergies, patients } from './patients.tables.js';

describe('patients: pages', () => {
  const t = useTestApp();

  it('renders the portal profile for the patient and adds an allergy from its form', async () => {
    const patient = await createAccount(t, { role: 'patient', givenName: 'Noor' });
    const page = new PageSession(t, patient.cookie);
    const home = await page.get('/portal');
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain('Noor');
    const before = (await t.db.select().from(auditEvents).where(eq(auditEvents.actorUserId, patient.userId))).length;
    const profile = await page.get('/portal/profile');
    expect(profile.statusCode).toBe(200);
    const viewed = (await t.db.select().from(auditEvents).where(eq(auditEvents.actorUserId, patient.userId))).slice(before);
    expect(viewed.map((r) => [r.action, r.detail])).toEqual([
      ['patient.read', { tier: 'self', sections: ['profile', 'allergies', 'conditions', 'emergency_contacts', 'insurance_policies'] }],
    ]);
    expect(profile.body).toContain('name="substance"');
    const posted = await page.post('/portal/profile/allergies', { substance: 'penicillin', reaction: 'Rash', severity: 'mild' });
    expect(posted.statusCode).toBe(303);
    const [row] = await t.db.select().from(allergies).where(eq(allergies.patientId, patient.patientId!));
    expect(row).toMatchObject({ substance: 'penicillin', rxcui: '70618', source: 'patient' });
    const missing = await page.post('/portal/profile/details', { givenName: '', familyName: 'X', birthDate: '1980-04-12' });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('field-error');
    expect((await page.get('/portal/access-log')).statusCode).toBe(200);
  });

  it('renders the chart with the patient banner for a care-team doctor, and the emergency offer (404) off the team', async () => {
    const doctor = await createAccount(t, { role: 'doctor' });
    const other = await createAccount(t, { role: 'doctor' });
    const patient = await createPatientRecord(t, { givenName: 'Ines', familyName: 'Duarte', allergyStatus: 'has_allergies' });
    await addConfirmedAllergy(t, patient.id);
    await putOnCareTeam(t, patient.id, doctor.staffId!);
    const chart = await new PageSession(t, doctor.cookie).get(`/staff/patients/${patient.id}`);
    expect(chart.statusCode).toBe(200);
    expect(chart.body).toContain('class="patient-banner"');
    expect(chart.body).toContain(patient.mrn);
    expect(chart.body).toContain('latex');
    // One view, one audit row naming the sections read.
    const rows = await t.db.select().from(auditEvents).where(eq(auditEvents.actorUserId, doctor.userId));
    expect(rows.map((r) => r.action)).toEqual(['patient.read']);
    expect(rows[0]).toMatchObject({ patientId: patient.id, category: 'clinical', outcome: 'success' });
    expect(rows[0]!.detail).toEqual({
      tier: 'care_team',
      sections: ['profile', 'allergies', 'conditions', 'emergency_contacts', 'insurance_policies'],
    });
    const front = await createAccount(t, { role: 'receptionist' });
    expect((await new PageSession(t, front.cookie).get(`/staff/patients/${patient.id}`)).statusCode).toBe(200);
    const frontRows = await t.db.select().from(auditEvents).where(eq(auditEvents.actorUserId, front.userId));
    expect(frontRows.map((r) => r.action)).toEqual(['patient.read']);
    expect(frontRows[0]!.detail).toEqual({ tier: 'registration', sections: ['profile', 'emergency_contacts', 'insurance_policies'] });
    const closed = await new PageSession(t, other.cookie).get(`/staff/patients/${patient.id}`);
    expect(closed.statusCode).toBe(404);
    expect(closed.body).not.toContain('latex');
    expect(closed.body).toContain(`/staff/patients/${patient.id}/break-glass`);
  });

  it('re-renders the walk-in form with 400 and the field error when a field is missing, then registers', async () => {
    const clerk = await createAccount(t, { role: 'receptionist' });
    const page = new PageSession(t, clerk.cookie);
    await page.get('/staff/patients/new');
    const missing = await page.post('/staff/patients/new', { givenName: 'Lina', familyName: '', birthDate: '1999-09-09' });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('id="f-familyName-error"');
    expect(await t.db.select().from(patients).where(eq(patients.givenName, 'Lina'))).toHaveLength(0);
    const ok = await page.post('/staff/patients/new', { givenName: 'Lina', familyName: 'Haddad', birthDate: '1999-09-09' });
    expect(ok.statusCode).toBe(201);
    expect(ok.body).toMatch(/[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}/);
    expect(await t.db.select().from(patients).where(eq(patients.givenName, 'Lina'))).toHaveLength(1);
    // The search form is POSTed: the term never travels in a URL, and nothing in the page links it.
    const form = await page.get('/staff/patients');
    expect(form.body).toMatch(/<form method="post" action="\/staff\/patients"/);
    const search = await page.post('/staff/patients', { query: 'haddad' });
    expect(search.statusCode).toBe(200);
    expect(search.body).toContain('Lina Haddad');
    expect(search.body).not.toMatch(/href="[^"]*haddad/i);
  });
});
