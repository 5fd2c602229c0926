import { and, desc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../../platform/audit/audit.tables.js';
import { api, useTestApp } from '../../../test/helpers/app.js';
import { createAccount, createPatientRecord, type TestAccount } from '../../../test/helpers/actors.js';
import { PageSession } from '../../../test/helpers/browser.js';
import { recordStatements } from '../../../test/helpers/statement-log.js';
import { labOrders, labResults } from '../labs/index.js';
import { careTeamMembers } from '../patients/index.js';
import { clinicalNotes, diagnoses, observations, seedEncounter } from '../records/index.js';
import { dsConditions, dsGuidelines } from './index.js';

describe('decision support: things to consider, the knowledge base and the guideline library', () => {
  const t = useTestApp();
  let doctor: TestAccount;
  let otherDoctor: TestAccount;
  let nurse: TestAccount;
  let receptionist: TestAccount;
  let admin: TestAccount;
  let patientId: string;
  let encounterId: string;

  beforeAll(async () => {
    doctor = await createAccount(t, { role: 'doctor' });
    otherDoctor = await createAccount(t, { role: 'doctor' });
    nurse = await createAccount(t, { role: 'nurse' });
    receptionist = await createAccount(t, { role: 'receptionist' });
    admin = await createAccount(t, { role: 'admin' });
    const patient = await createPatientRecord(t);
    patientId = patient.id;
    const now = t.clock.now();
    for (const member of [doctor, nurse]) {
      await t.db.insert(careTeamMembers).values({ patientId, staffId: member.staffId!, startsAt: now, createdAt: now });
    }
    const encounter = await seedEncounter(t, patientId, { staffId: doctor.staffId!, userId: doctor.userId });
    encounterId = encounter.id;
    await t.db.insert(clinicalNotes).values({
      patientId,
      encounterId,
      authorId: doctor.staffId!,
      status: 'draft',
      subjective: 'Cough and fever for three days, productive cough. Denies chest pain.',
      objective: 'Crackles at the right base.',
      createdAt: now,
      updatedAt: now,
    });
    await t.db.insert(diagnoses).values({
      patientId,
      encounterId,
      code: 'J18.9',
      description: 'Pneumonia, unspecified organism',
      rank: 'primary',
      recordedBy: doctor.userId,
      recordedAt: now,
      createdAt: now,
    });
    await t.db.insert(observations).values({
      patientId,
      code: '59408-5',
      value: 93,
      unit: '%',
      effectiveAt: new Date(now.getTime() - 30 * 60_000),
      source: 'clinician',
      recordedBy: doctor.userId,
      createdAt: now,
    });
  });

  const url = () => `/api/v1/encounters/${encounterId}/considerations`;

  it('ranks things to consider from the notes, diagnoses and vital signs, each with evidence, tests and its source; audited as reading the encounter', async () => {
    const res = await api(t, 'GET', url(), { token: doctor.token });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toContain('no-store');
    const body = res.json();
    expect(body.presentation).toBe('things_to_consider');
    expect(body.items[0]).toMatchObject({ name: 'Community-acquired pneumonia', reviewStatus: 'unreviewed' });
    expect(body.items[0].evidence.map((e: { matched: string }) => e.matched)).toEqual(
      expect.arrayContaining(['crackles', 'cough', '93 %']),
    );
    expect(body.items[0].toTellApart.length).toBeGreaterThan(0);
    for (const item of body.items) expect(item.source.title.trim()).not.toBe('');
    // "Denies chest pain": no chest pain as evidence anywhere.
    expect(JSON.stringify(body.items)).not.toContain('Chest pain');
    expect(body.guidelines.map((g: { matchedBy: string; title: string }) => g.matchedBy)).toContain('J18.9');
    const [audit] = await t.db
      .select()
      .from(auditEvents)
      .where(
        and(eq(auditEvents.action, 'encounter.read'), eq(auditEvents.resourceId, encounterId), eq(auditEvents.actorUserId, doctor.userId)),
      )
      .orderBy(desc(auditEvents.occurredAt));
    expect(audit).toMatchObject({
      outcome: 'success',
      patientId,
      category: 'clinical',
      actorRole: 'doctor',
      occurredAt: t.clock.now(),
      detail: { tier: 'care_team', sections: ['considerations'] },
    });
  });

  it('counts the patient’s newest final lab results: a potassium of 6.8 with ECG changes raises hyperkalaemia; a superseded or preliminary value does not', async () => {
    const now = t.clock.now();
    /** A patient of the doctor's with an open encounter whose note reads weakness and ECG changes. */
    const weakPatient = async () => {
      const patient = await createPatientRecord(t);
      await t.db.insert(careTeamMembers).values({ patientId: patient.id, staffId: doctor.staffId!, startsAt: now, createdAt: now });
      const encounter = await seedEncounter(t, patient.id, { staffId: doctor.staffId!, userId: doctor.userId });
      await t.db.insert(clinicalNotes).values({
        patientId: patient.id,
        encounterId: encounter.id,
        authorId: doctor.staffId!,
        status: 'draft',
        subjective: 'Weakness.',
        objective: 'ECG changes: peaked T waves.',
        createdAt: now,
        updatedAt: now,
      });
      return { patient, encounter };
    };
    const { patient, encounter } = await weakPatient();
    const [order] = await t.db
      .insert(labOrders)
      .values({
        patientId: patient.id,
        encounterId: encounter.id,
        orderedBy: doctor.userId,
        itemKind: 'test',
        itemCode: 'K',
        itemName: 'Potassium',
        testCodes: ['K'],
        priority: 'stat',
        priorityRank: 0,
        indication: 'Weakness',
        orderedAt: now,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    const result = (value: number, status: 'preliminary' | 'final', superseded: boolean) => ({
      orderId: order!.id,
      patientId: patient.id,
      testCode: 'K',
      loinc: '2823-3',
      value,
      unit: 'mmol/L',
      status,
      source: 'manual' as const,
      observedAt: new Date(now.getTime() - 60 * 60_000),
      supersededAt: superseded ? now : null,
      createdAt: now,
    });
    const askFor = async (encounterId: string) =>
      (await api(t, 'GET', `/api/v1/encounters/${encounterId}/considerations`, { token: doctor.token }))
        .json()
        .items.map((i: { name: string }) => i.name);
    const ask = () => askFor(encounter.id);
    await t.db.insert(labResults).values(result(6.9, 'final', true));
    expect(await ask()).not.toContain('Hyperkalaemia');
    await t.db.insert(labResults).values(result(6.8, 'preliminary', false));
    expect(await ask()).not.toContain('Hyperkalaemia');
    await t.db
      .update(labResults)
      .set({ status: 'final' })
      .where(and(eq(labResults.orderId, order!.id), eq(labResults.value, 6.8)));
    expect(await ask()).toContain('Hyperkalaemia');
    // The results' read is built once: another patient with the same notes and no result, asked next, gets none of them.
    const other = await weakPatient();
    expect(await askFor(other.encounter.id)).not.toContain('Hyperkalaemia');
    expect(await ask()).toContain('Hyperkalaemia');
  });

  it('answers 404 with a denied audit row to a doctor outside the care team and to the front desk', async () => {
    for (const who of [otherDoctor, receptionist]) {
      const res = await api(t, 'GET', url(), { token: who.token });
      expect(res.statusCode).toBe(404);
      const [audit] = await t.db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.actorUserId, who.userId), eq(auditEvents.outcome, 'denied')));
      expect(audit).toBeDefined();
    }
    expect((await api(t, 'GET', `/api/v1/encounters/${crypto.randomUUID()}/considerations`, { token: doctor.token })).statusCode).toBe(404);
    expect((await api(t, 'GET', '/api/v1/encounters/not-a-uuid/considerations', { token: doctor.token })).statusCode).toBe(400);
  });

  it('the database refuses an entry without a source, an approval without a doctor, and a guideline without a citation', async () => {
    const [entry] = await t.db.select().from(dsConditions).limit(1);
    const { id: _id, ...copy } = entry!;
    const codeOf = async (p: Promise<unknown>) => {
      try {
        await p;
        return 'inserted';
      } catch (error) {
        return (error as { cause?: { code?: string } }).cause?.code;
      }
    };
    expect(await codeOf(t.db.insert(dsConditions).values({ ...copy, key: 'no-source', sourceTitle: '  ' }))).toBe('23514');
    expect(await codeOf(t.db.insert(dsConditions).values({ ...copy, key: 'no-approver', reviewStatus: 'approved' }))).toBe('23514');
    expect(await codeOf(t.db.insert(dsConditions).values({ ...copy, key: 'no-findings', findings: [] }))).toBe('23514');
    const [guideline] = await t.db.select().from(dsGuidelines).limit(1);
    const { id: _gid, ...g } = guideline!;
    expect(await codeOf(t.db.insert(dsGuidelines).values({ ...g, key: 'no-citation', sourceTitle: '' }))).toBe('23514');
  });

  it('the encounter page loads the panel; opened alone it is a page that says it is not a diagnosis', async () => {
    const page = new PageSession(t, doctor.cookie);
    const encounterPage = await page.get(`/staff/encounters/${encounterId}`);
    expect(encounterPage.body).toContain(`hx-get="/staff/encounters/${encounterId}/considerations"`);
    const fragment = await t.app.inject({
      method: 'GET',
      url: `/staff/encounters/${encounterId}/considerations`,
      headers: { cookie: doctor.cookie, 'hx-request': 'true' },
    });
    expect(fragment.statusCode).toBe(200);
    expect(fragment.body).not.toContain('<html');
    expect(fragment.body).toContain('Community-acquired pneumonia');
    expect(fragment.body).toContain('Unreviewed');
    const full = await page.get(`/staff/encounters/${encounterId}/considerations`);
    expect(full.body).toContain('not a diagnosis');
  });

  it('a doctor finds the knowledge base in the navigation and approves an entry (who and when, audited); an edit withdraws the approval', async () => {
    const page = new PageSession(t, doctor.cookie);
    expect((await page.get('/staff')).body).toContain('href="/staff/decision-support"');
    const list = await page.get('/staff/decision-support');
    expect(list.statusCode).toBe(200);
    const [entry] = await t.db.select().from(dsConditions).where(eq(dsConditions.key, 'migraine'));
    expect(list.body).toContain(`href="/staff/decision-support/conditions/${entry!.id}"`);
    const detail = await page.get(`/staff/decision-support/conditions/${entry!.id}`);
    expect(detail.body).toContain('Unreviewed');
    const approved = await page.post(`/staff/decision-support/conditions/${entry!.id}/approve`, { _version: String(entry!.version) });
    expect(approved.statusCode).toBe(303);
    const [after] = await t.db.select().from(dsConditions).where(eq(dsConditions.id, entry!.id));
    expect(after).toMatchObject({ reviewStatus: 'approved', approvedBy: doctor.userId, approvedAt: t.clock.now() });
    const [audit] = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'decision_support.condition.approve'), eq(auditEvents.resourceId, entry!.id)));
    expect(audit).toMatchObject({ actorUserId: doctor.userId, outcome: 'success' });
    expect((await page.get(`/staff/decision-support/conditions/${entry!.id}`)).body).toContain(`Approved by ${doctor.email}`);
    // The browse page's row (read without the findings themselves): the count, and who approved.
    const listed = (await page.get('/staff/decision-support')).body;
    const row = listed.slice(listed.lastIndexOf('<tr', listed.indexOf(`/conditions/${entry!.id}"`)));
    const cells = [...row.slice(0, row.indexOf('</tr>')).matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, ''));
    expect(cells[1]).toBe(entry!.icd10Code ?? '—');
    expect(cells[2]).toBe(String(entry!.findings.length));
    expect(cells[3]).toContain(`Approved by ${doctor.email}`);

    const edited = await page.post(`/staff/decision-support/conditions/${entry!.id}`, {
      _version: String(after!.version),
      name: 'Migraine (with or without aura)',
      summary: after!.summary,
      sourceTitle: after!.sourceTitle,
      sourceUrl: after!.sourceUrl ?? '',
      active: 'true',
    });
    expect(edited.statusCode).toBe(303);
    const [reEdited] = await t.db.select().from(dsConditions).where(eq(dsConditions.id, entry!.id));
    expect(reEdited).toMatchObject({
      name: 'Migraine (with or without aura)',
      reviewStatus: 'unreviewed',
      approvedBy: null,
      approvedAt: null,
    });
  });

  it('an edit without a source is refused beside the field and changes nothing; a stale version is refused', async () => {
    const page = new PageSession(t, admin.cookie);
    const [entry] = await t.db.select().from(dsConditions).where(eq(dsConditions.key, 'gout'));
    await page.get(`/staff/decision-support/conditions/${entry!.id}`);
    const fields = { name: entry!.name, summary: entry!.summary, sourceTitle: '', active: 'true' };
    const res = await page.post(`/staff/decision-support/conditions/${entry!.id}`, { ...fields, _version: String(entry!.version) });
    expect(res.statusCode).toBe(400);
    const bad = await page.post(`/staff/decision-support/conditions/${entry!.id}`, {
      ...fields,
      sourceTitle: entry!.sourceTitle,
      findingsJson: '[{"kind":"symptom"}]',
      _version: String(entry!.version),
    });
    expect(bad.statusCode).toBe(400);
    const stale = await page.post(`/staff/decision-support/conditions/${entry!.id}`, {
      ...fields,
      sourceTitle: 'X',
      _version: String(entry!.version + 5),
    });
    expect(stale.statusCode).toBe(412);
    const [unchanged] = await t.db.select().from(dsConditions).where(eq(dsConditions.id, entry!.id));
    expect(unchanged).toEqual(entry);
  });

  it('only doctors approve; a nurse reads the knowledge base but cannot edit it', async () => {
    const [entry] = await t.db.select().from(dsConditions).where(eq(dsConditions.key, 'gout'));
    const adminPage = new PageSession(t, admin.cookie);
    await adminPage.get('/staff/decision-support');
    expect(
      (await adminPage.post(`/staff/decision-support/conditions/${entry!.id}/approve`, { _version: String(entry!.version) })).statusCode,
    ).toBe(403);
    const nursePage = new PageSession(t, nurse.cookie);
    expect((await nursePage.get('/staff/decision-support')).statusCode).toBe(200);
    expect((await nursePage.post(`/staff/decision-support/conditions/${entry!.id}`, { name: 'x', _version: '1' })).statusCode).toBe(403);
  });

  it('a hospital protocol added by an administrator shows in an encounter with a matching diagnosis', async () => {
    const page = new PageSession(t, admin.cookie);
    await page.get('/staff/decision-support/guidelines');
    const refused = await page.post('/staff/decision-support/guidelines', {
      title: 'Chest pain pathway',
      summary: 'Our pathway.',
      sourceTitle: 'Cardiology department protocol 2026',
    });
    expect(refused.statusCode).toBe(400);
    const added = await page.post('/staff/decision-support/guidelines', {
      title: 'Pneumonia pathway',
      summary: 'Chest X-ray within 4 hours; antibiotics as per local policy.',
      sourceTitle: 'Respiratory department protocol 2026',
      icd10Prefixes: 'j18, J15',
    });
    expect(added.statusCode).toBe(303);
    const [row] = await t.db.select().from(dsGuidelines).where(eq(dsGuidelines.title, 'Pneumonia pathway'));
    expect(row).toMatchObject({ origin: 'hospital', icd10Prefixes: ['J18', 'J15'], createdBy: admin.userId });
    const body = (await api(t, 'GET', url(), { token: doctor.token })).json();
    expect(body.guidelines).toEqual(
      expect.arrayContaining([expect.objectContaining({ title: 'Pneumonia pathway', origin: 'hospital', matchedBy: 'J18.9' })]),
    );
  });

  it('the panel keeps the knowledge base between views, and an entry switched off or a guideline edited shows on the very next view', async () => {
    const names = async () => ((await api(t, 'GET', url(), { token: doctor.token })).json().items as { name: string }[]).map((i) => i.name);
    await names();
    // The second view reads neither table: the knowledge base comes from the reference cache.
    const log = recordStatements(t.database);
    expect(await names()).toContain('Community-acquired pneumonia');
    log.stop();
    expect(log.matching(/"ds_conditions"|"ds_guidelines"/)).toBe(0);
    expect(log.count()).toBeGreaterThan(0); // the log saw the view's own reads

    // Straight through SQL, as no application code could have remembered to invalidate.
    await t.db.update(dsConditions).set({ active: false }).where(eq(dsConditions.name, 'Community-acquired pneumonia'));
    expect(await names()).not.toContain('Community-acquired pneumonia');
    await t.db.update(dsConditions).set({ active: true }).where(eq(dsConditions.name, 'Community-acquired pneumonia'));
    expect(await names()).toContain('Community-acquired pneumonia');

    const guidelines = async () =>
      (await api(t, 'GET', url(), { token: doctor.token })).json().guidelines as { id: string; title: string }[];
    const [shown] = await guidelines();
    await t.db
      .update(dsGuidelines)
      .set({ title: `${shown!.title} (second edition)` })
      .where(eq(dsGuidelines.id, shown!.id));
    expect((await guidelines()).map((g) => g.title)).toContain(`${shown!.title} (second edition)`);
  });
});
