import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../../../platform/audit/audit.tables.js';
import { useTestApp } from '../../../../test/helpers/app.js';
import { createAccount, type TestAccount } from '../../../../test/helpers/actors.js';
import { PageSession } from '../../../../test/helpers/browser.js';
import { putOnCareTeam } from '../../../../test/helpers/patients.js';
import { diagnoses } from './diagnoses.tables.js';
import { encounters } from '../encounters/encounters.tables.js';

const t = useTestApp();
let doctor: TestAccount;
let billing: TestAccount;
let patient: TestAccount;
let encounterId: string;

beforeAll(async () => {
  doctor = await createAccount(t, { role: 'doctor' });
  billing = await createAccount(t, { role: 'billing' });
  patient = await createAccount(t, { role: 'patient' });
  await putOnCareTeam(t, patient.patientId!, doctor.staffId!);
  const [row] = await t.db
    .insert(encounters)
    .values({
      patientId: patient.patientId!,
      clinicianId: doctor.staffId!,
      type: 'outpatient',
      status: 'in_progress',
      startedAt: t.clock.now(),
      createdBy: doctor.userId,
      createdAt: t.clock.now(),
      updatedAt: t.clock.now(),
    })
    .returning();
  encounterId = row!.id;
});

describe('diagnosis pages', () => {
  it('searches without JavaScript, adds a chronic diagnosis with a form, removes it, and shows it on the timeline', async () => {
    const browser = new PageSession(t, doctor.cookie);
    const page = await browser.get(`/staff/encounters/${encounterId}/diagnoses?q=${encodeURIComponent('type 2 diabetes')}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('E11.9');
    expect(page.body).toContain('hx-get="/staff/encounters/');

    const fragment = await browser.get(`/staff/encounters/${encounterId}/diagnoses/suggestions?q=e11.9`);
    expect(fragment.statusCode).toBe(200);
    expect(fragment.body).not.toContain('<html');
    expect(fragment.body).toContain('Type 2 diabetes mellitus without complications');
    // the encounter has no diagnosis yet: its first one is offered as primary
    expect(fragment.body).toMatch(/<option value="primary" selected/);

    const added = await browser.post(`/staff/encounters/${encounterId}/diagnoses`, {
      code: 'E11.9',
      rank: 'primary',
      chronic: 'true',
      q: 'type 2 diabetes',
    });
    expect(added.statusCode).toBe(303);
    const [row] = await t.db
      .select()
      .from(diagnoses)
      .where(and(eq(diagnoses.encounterId, encounterId), eq(diagnoses.code, 'E11.9')));
    expect(row).toMatchObject({ rank: 'primary', chronic: true, status: 'active' });
    const listRows = () =>
      t.db
        .select({ patientId: auditEvents.patientId, detail: auditEvents.detail })
        .from(auditEvents)
        .where(and(eq(auditEvents.action, 'diagnosis.list'), eq(auditEvents.actorUserId, doctor.userId)))
        .orderBy(auditEvents.id);
    const listedBefore = (await listRows()).length;
    const next = await browser.get(`/staff/encounters/${encounterId}/diagnoses/suggestions?q=I10`);
    expect(next.body).toMatch(/<option value="secondary" selected/);
    expect(next.body).not.toMatch(/<option value="primary" selected/);
    // The diagnoses it ranked by were read with their one audit row, naming the patient and the encounter.
    expect((await listRows()).slice(listedBefore)).toEqual([
      { patientId: patient.patientId, detail: expect.objectContaining({ encounterId }) },
    ]);

    const timeline = await browser.get(`/staff/patients/${patient.patientId}/timeline`);
    expect(timeline.statusCode).toBe(200);
    expect(timeline.body).toContain('E11.9');

    const removed = await browser.post(`/staff/encounters/${encounterId}/diagnoses/${row!.id}/remove`, {});
    expect(removed.statusCode).toBe(303);
    const [after] = await t.db.select().from(diagnoses).where(eq(diagnoses.id, row!.id));
    expect(after!.status).toBe('entered-in-error');
  });

  it('re-renders the form with 422 for an unknown code and 400 for a malformed one, writing nothing', async () => {
    const browser = new PageSession(t, doctor.cookie);
    await browser.get(`/staff/encounters/${encounterId}/diagnoses`);
    const unknown = await browser.post(`/staff/encounters/${encounterId}/diagnoses`, { code: 'E11.99', rank: 'secondary' });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.body).toContain('E11.99 is not an ICD-10-CM code');
    const malformed = await browser.post(`/staff/encounters/${encounterId}/diagnoses`, { code: '??', rank: 'secondary' });
    expect(malformed.statusCode).toBe(400);
    expect(await t.db.select().from(diagnoses).where(eq(diagnoses.status, 'active'))).toHaveLength(0);
  });

  it('keeps billing out of the timeline (404) and the diagnosis page (403)', async () => {
    const browser = new PageSession(t, billing.cookie);
    expect((await browser.get(`/staff/patients/${patient.patientId}/timeline`)).statusCode).toBe(404);
    expect((await browser.get(`/staff/encounters/${encounterId}/diagnoses`)).statusCode).toBe(403);
  });
});
