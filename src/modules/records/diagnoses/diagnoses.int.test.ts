import { and, asc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../../../platform/audit/audit.tables.js';
import { api, useTestApp } from '../../../../test/helpers/app.js';
import { createAccount, type TestAccount } from '../../../../test/helpers/actors.js';
import { putOnCareTeam } from '../../../../test/helpers/patients.js';
import { conditions } from '../../patients/index.js';
import { diagnoses, procedures } from './diagnoses.tables.js';
import { encounters } from '../encounters/encounters.tables.js';
import { icd10Codes } from './icd10.tables.js';

const t = useTestApp();
let doctor: TestAccount;
let outsider: TestAccount;
let billing: TestAccount;
let patient: TestAccount;
let otherPatient: TestAccount;
let encounterId: string;
let otherEncounterId: string;

async function openEncounter(patientId: string, clinician: TestAccount, startedAt: Date) {
  const [row] = await t.db
    .insert(encounters)
    .values({
      patientId,
      clinicianId: clinician.staffId!,
      type: 'outpatient',
      status: 'in_progress',
      startedAt,
      createdBy: clinician.userId,
      createdAt: startedAt,
      updatedAt: startedAt,
    })
    .returning();
  return row!.id;
}

beforeAll(async () => {
  doctor = await createAccount(t, { role: 'doctor' });
  outsider = await createAccount(t, { role: 'doctor' });
  billing = await createAccount(t, { role: 'billing' });
  patient = await createAccount(t, { role: 'patient' });
  otherPatient = await createAccount(t, { role: 'patient' });
  await putOnCareTeam(t, patient.patientId!, doctor.staffId!);
  encounterId = await openEncounter(patient.patientId!, doctor, t.clock.now());
  otherEncounterId = await openEncounter(otherPatient.patientId!, outsider, t.clock.now());
});

const search = (query: string, token = doctor.token) =>
  api(t, 'GET', `/api/v1/reference/icd10?query=${encodeURIComponent(query)}`, { token });
const addDx = (body: unknown, token = doctor.token, id = encounterId) =>
  api(t, 'POST', `/api/v1/encounters/${id}/diagnoses`, { token, body });
const auditRows = (action: string, outcome: 'success' | 'denied' = 'success') =>
  t.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.action, action), eq(auditEvents.outcome, outcome)));

describe('ICD-10-CM search', () => {
  it('the template database holds the whole shipped list', async () => {
    const rows = await t.db.select({ code: icd10Codes.code }).from(icd10Codes);
    expect(rows.length).toBe(95358);
  });

  it('finds E11.9 near the top for "type 2 diabetes"', async () => {
    const res = await search('type 2 diabetes');
    expect(res.statusCode).toBe(200);
    const codes = res.json().items.map((i: { code: string }) => i.code);
    expect(codes.slice(0, 3)).toContain('E11.9');
    expect(res.json().items.find((i: { code: string }) => i.code === 'E11.9')).toEqual({
      code: 'E11.9',
      description: 'Type 2 diabetes mellitus without complications',
      billable: true,
    });
  });

  it('finds a code exactly by "E11.9" and by prefix "e11", headers included', async () => {
    const exact = (await search('E11.9')).json().items;
    expect(exact[0]).toMatchObject({ code: 'E11.9', billable: true });
    const prefix = (await search('e11')).json().items;
    expect(prefix[0]).toMatchObject({ code: 'E11', billable: false });
    expect(prefix.every((i: { code: string }) => i.code.startsWith('E11'))).toBe(true);
    expect((await search('E119')).json().items[0].code).toBe('E11.9');
  });

  it('tolerates a misspelling, answers a two-word query fast enough', async () => {
    expect((await search('diabetis type')).json().items.length).toBeGreaterThan(0);
    const times: number[] = [];
    for (let i = 0; i < 20; i++) {
      const started = performance.now();
      expect((await search('heart failure')).statusCode).toBe(200);
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    // The 50 ms p99 target is for the query itself on an idle machine; allow for the shared CI box.
    expect(times[Math.floor(times.length / 2)]!).toBeLessThan(150);
  });

  it('rejects an empty query (400) and needs a signed-in caller (401)', async () => {
    expect((await search('')).statusCode).toBe(400);
    expect((await api(t, 'GET', '/api/v1/reference/icd10?query=asthma')).statusCode).toBe(401);
  });
});

describe('diagnoses on encounters', () => {
  it('adds a coded diagnosis, audited with the code only', async () => {
    const res = await addDx({ code: 'e11.9', rank: 'primary', chronic: true });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      code: 'E11.9',
      description: 'Type 2 diabetes mellitus without complications',
      rank: 'primary',
      chronic: true,
      status: 'active',
      encounterId,
    });
    const rows = await t.db.select().from(diagnoses).where(eq(diagnoses.id, res.json().id));
    expect(rows[0]).toMatchObject({ patientId: patient.patientId, recordedBy: doctor.userId, code: 'E11.9' });
    const audit = (await auditRows('diagnosis.create')).find((a) => (a.detail as { code?: string }).code === 'E11.9');
    expect(audit).toMatchObject({ patientId: patient.patientId, actorUserId: doctor.userId, category: 'clinical' });
    expect(JSON.stringify(audit!.detail)).not.toContain('diabetes');
  });

  it("defaults the rank: primary for the encounter's first diagnosis, secondary afterwards", async () => {
    const own = await createAccount(t, { role: 'patient' }); // its own patient: the other tests count diagnoses
    await putOnCareTeam(t, own.patientId!, doctor.staffId!);
    const fresh = await openEncounter(own.patientId!, doctor, t.clock.now());
    const first = await addDx({ code: 'I10' }, doctor.token, fresh);
    expect(first.statusCode).toBe(201);
    expect(first.json().rank).toBe('primary');
    expect((await addDx({ code: 'E78.5' }, doctor.token, fresh)).json().rank).toBe('secondary');
    expect((await addDx({ code: 'E66.9', rank: 'primary' }, doctor.token, fresh)).json().rank).toBe('primary');
    // the only one entered in error: the next one is the encounter's first again
    const other = await openEncounter(own.patientId!, doctor, t.clock.now());
    const removed = (await addDx({ code: 'J06.9' }, doctor.token, other)).json();
    expect(removed.rank).toBe('primary');
    expect((await api(t, 'DELETE', `/api/v1/encounters/${other}/diagnoses/${removed.id}`, { token: doctor.token })).statusCode).toBe(204);
    expect((await addDx({ code: 'J02.9' }, doctor.token, other)).json().rank).toBe('primary');
  });

  it('refuses a code not in the list with 422 and writes nothing', async () => {
    const before = await t.db.select().from(diagnoses);
    const res = await addDx({ code: 'E11.99', rank: 'secondary' });
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('unprocessable');
    expect(await t.db.select().from(diagnoses)).toHaveLength(before.length);
    expect((await addDx({ code: 'not a code' })).json().code).toBe('validation_failed');
    expect((await addDx({ code: 'I10', extra: 1 })).statusCode).toBe(400);
  });

  it("hides another patient's encounter (404 + denied audit) and refuses billing and the patient", async () => {
    const res = await addDx({ code: 'I10' }, doctor.token, otherEncounterId);
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('not_found');
    expect(
      (await auditRows('diagnosis.create', 'denied')).some(
        (a) => a.patientId === otherPatient.patientId && a.actorUserId === doctor.userId,
      ),
    ).toBe(true);
    expect((await addDx({ code: 'I10' }, billing.token)).statusCode).toBe(403);
    expect((await addDx({ code: 'I10' }, patient.token)).statusCode).toBe(403);
    expect(await t.db.select().from(diagnoses).where(eq(diagnoses.encounterId, otherEncounterId))).toHaveLength(0);
  });

  it('lists by tier: clinician and patient yes; billing (registration tier) and outsiders 404 with a denied row', async () => {
    const url = `/api/v1/patients/${patient.patientId}/diagnoses`;
    const mine = await api(t, 'GET', url, { token: doctor.token });
    expect(mine.statusCode).toBe(200);
    expect(mine.json().items.map((d: { code: string }) => d.code)).toEqual(['E11.9']);
    expect((await api(t, 'GET', url, { token: patient.token })).statusCode).toBe(200);
    for (const caller of [billing, outsider, otherPatient]) {
      const res = await api(t, 'GET', url, { token: caller.token });
      expect(res.statusCode).toBe(404);
      expect(res.json().code).toBe('not_found');
      expect(
        (await auditRows('diagnosis.list', 'denied')).some((a) => a.actorUserId === caller.userId && a.patientId === patient.patientId),
      ).toBe(true);
    }
    expect((await auditRows('diagnosis.list')).some((a) => a.actorUserId === doctor.userId && a.patientId === patient.patientId)).toBe(
      true,
    );
  });

  it('a chronic diagnosis and an active coded condition make the problem list; removal takes the diagnosis off', async () => {
    await t.db.insert(conditions).values({
      patientId: patient.patientId!,
      category: 'condition',
      description: 'Essential hypertension',
      icd10Code: 'I10',
      status: 'active',
      source: 'staff',
      createdAt: t.clock.now(),
      updatedAt: t.clock.now(),
    });
    await t.db.insert(conditions).values({
      patientId: patient.patientId!,
      category: 'surgery',
      description: 'Appendectomy',
      status: 'active',
      source: 'staff',
      createdAt: t.clock.now(),
      updatedAt: t.clock.now(),
    });
    const acute = (await addDx({ code: 'J06.9', rank: 'secondary' })).json();
    const url = `/api/v1/patients/${patient.patientId}/problem-list`;
    const doctorsRows = () =>
      t.db
        .select({ action: auditEvents.action, detail: auditEvents.detail })
        .from(auditEvents)
        .where(and(eq(auditEvents.actorUserId, doctor.userId), eq(auditEvents.patientId, patient.patientId!)))
        .orderBy(asc(auditEvents.id));
    const before = (await doctorsRows()).length;
    const list = (await api(t, 'GET', url, { token: doctor.token })).json().items;
    expect(list.map((p: { code: string; source: string }) => `${p.source}:${p.code}`).sort()).toEqual(['condition:I10', 'diagnosis:E11.9']);
    // One audit row for the view, naming the problem list (not one per source read).
    expect((await doctorsRows()).slice(before)).toEqual([
      { action: 'diagnosis.list', detail: { sections: ['problems'], tier: 'care_team' } },
    ]);
    expect((await api(t, 'GET', url, { token: billing.token })).statusCode).toBe(404);

    const chronic = (
      await t.db
        .select()
        .from(diagnoses)
        .where(and(eq(diagnoses.code, 'E11.9'), eq(diagnoses.patientId, patient.patientId!)))
    )[0]!;
    const removed = await api(t, 'DELETE', `/api/v1/encounters/${encounterId}/diagnoses/${chronic.id}`, { token: doctor.token });
    expect(removed.statusCode).toBe(204);
    const [row] = await t.db.select().from(diagnoses).where(eq(diagnoses.id, chronic.id));
    expect(row).toMatchObject({ status: 'entered-in-error', removedBy: doctor.userId });
    expect((await api(t, 'DELETE', `/api/v1/encounters/${encounterId}/diagnoses/${chronic.id}`, { token: doctor.token })).statusCode).toBe(
      404,
    );
    const after = (await api(t, 'GET', url, { token: doctor.token })).json().items;
    expect(after.map((p: { code: string }) => p.code)).toEqual(['I10']);
    const dx = (await api(t, 'GET', `/api/v1/patients/${patient.patientId}/diagnoses`, { token: doctor.token })).json().items;
    expect(dx.map((d: { id: string }) => d.id)).toEqual([acute.id]);
  });
});

describe('procedures and the timeline', () => {
  it('records a procedure and lists it by tier', async () => {
    const res = await api(t, 'POST', `/api/v1/encounters/${encounterId}/procedures`, {
      token: doctor.token,
      body: { code: '93000', description: 'Electrocardiogram', performedAt: '2026-11-27T08:30:00Z' },
    });
    expect(res.statusCode).toBe(201);
    expect(await t.db.select().from(procedures).where(eq(procedures.id, res.json().id))).toHaveLength(1);
    const list = await api(t, 'GET', `/api/v1/patients/${patient.patientId}/procedures`, { token: doctor.token });
    expect(list.json().items.map((p: { code: string }) => p.code)).toEqual(['93000']);
    expect((await api(t, 'GET', `/api/v1/patients/${patient.patientId}/procedures`, { token: billing.token })).statusCode).toBe(404);
  });

  it('merges the history newest first, pages with a cursor, and is for clinicians only', async () => {
    t.clock.advance(5 * 60 * 1000);
    const later = await openEncounter(patient.patientId!, doctor, t.clock.now());
    t.clock.advance(60 * 1000);
    const dx = (await addDx({ code: 'I10', rank: 'primary' }, doctor.token, later)).json();
    const url = `/api/v1/patients/${patient.patientId}/timeline`;
    const doctorRows = () => t.db.select().from(auditEvents).where(eq(auditEvents.actorUserId, doctor.userId));
    const before = (await doctorRows()).length;
    const res = await api(t, 'GET', url, { token: doctor.token });
    expect(res.statusCode).toBe(200);
    // One view, one audit row naming the sections; no part writes a row of its own.
    const written = (await doctorRows()).slice(before);
    expect(written.map((r) => r.action)).toEqual(['timeline.read']);
    expect(written[0]!.detail).toEqual({
      tier: 'care_team',
      sections: ['encounters', 'notes', 'diagnoses', 'conditions', 'procedures', 'documents', 'care_plans'],
    });
    const items = res.json().items as { kind: string; id: string; at: string }[];
    const times = items.map((i) => Date.parse(i.at));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(items[0]).toMatchObject({ kind: 'diagnosis', id: dx.id });
    expect(items[1]).toMatchObject({ kind: 'encounter', id: later });
    const kinds = new Set(items.map((i) => i.kind));
    for (const kind of ['encounter', 'diagnosis', 'condition', 'procedure']) expect(kinds).toContain(kind);
    expect((await auditRows('timeline.read')).some((a) => a.actorUserId === doctor.userId)).toBe(true);

    const first = (await api(t, 'GET', `${url}?limit=2`, { token: doctor.token })).json();
    expect(first.items.map((i: { id: string }) => i.id)).toEqual(items.slice(0, 2).map((i) => i.id));
    const second = (await api(t, 'GET', `${url}?limit=2&cursor=${first.nextCursor}`, { token: doctor.token })).json();
    expect(second.items.map((i: { id: string }) => i.id)).toEqual(items.slice(2, 4).map((i) => i.id));

    for (const caller of [billing, patient, outsider]) expect((await api(t, 'GET', url, { token: caller.token })).statusCode).toBe(404);
    expect((await auditRows('timeline.read', 'denied')).length).toBeGreaterThanOrEqual(2);
  });
});
