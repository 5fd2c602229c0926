import { and, asc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, useTestApp } from '../../../test/helpers/app.js';
import { createAccount, type TestAccount } from '../../../test/helpers/actors.js';
import { PageSession } from '../../../test/helpers/browser.js';
import { putOnCareTeam } from '../../../test/helpers/patients.js';
import { auditEvents } from '../../platform/audit/audit.tables.js';

const t = useTestApp();
let doctor: TestAccount;
let first: string;
let second: string;

async function activeCondition(patientId: string, description: string, icd10Code: string) {
  const res = await api(t, 'POST', `/api/v1/patients/${patientId}/conditions`, {
    token: doctor.token,
    body: { category: 'condition', description, icd10Code, status: 'active' },
  });
  expect(res.statusCode, res.body).toBe(201);
}

beforeAll(async () => {
  doctor = await createAccount(t, { role: 'doctor' });
  first = (await createAccount(t, { role: 'patient' })).patientId!;
  second = (await createAccount(t, { role: 'patient' })).patientId!;
  for (const patientId of [first, second]) await putOnCareTeam(t, patientId, doctor.staffId!);
  await activeCondition(first, 'Essential hypertension', 'I10');
  await activeCondition(second, 'Type 2 diabetes mellitus', 'E11.9');
});

describe('the new prescription form', () => {
  it("offers each patient's own problem list, read with ONE audit row naming it, when patients are opened in turn (built once)", async () => {
    const page = new PageSession(t, doctor.cookie);
    const open = async (patientId: string) => {
      t.clock.advance(1000); // each view at its own time, to tell its audit rows apart
      const since = t.clock.now();
      const res = await page.get(`/staff/patients/${patientId}/medicines/new`);
      expect(res.statusCode).toBe(200);
      const rows = await t.db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.actorUserId, doctor.userId), eq(auditEvents.occurredAt, since)))
        .orderBy(asc(auditEvents.id));
      return { body: res.body, audited: rows.map((r) => [r.action, r.patientId, r.outcome, r.detail]) };
    };
    for (let round = 0; round < 2; round++) {
      const one = await open(first);
      expect(one.body).toContain('Essential hypertension');
      expect(one.body).not.toContain('Type 2 diabetes mellitus');
      expect(one.audited).toEqual([['diagnosis.list', first, 'success', { sections: ['problems'], tier: 'care_team' }]]);
      const two = await open(second);
      expect(two.body).toContain('Type 2 diabetes mellitus');
      expect(two.body).not.toContain('Essential hypertension');
      expect(two.audited).toEqual([['diagnosis.list', second, 'success', { sections: ['problems'], tier: 'care_team' }]]);
    }
  });
});
