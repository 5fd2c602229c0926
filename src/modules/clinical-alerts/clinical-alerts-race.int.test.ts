import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, useTestApp } from '../../../test/helpers/app.js';
import { createAccount, createPatientRecord, type TestAccount } from '../../../test/helpers/actors.js';
import { postgresLegReady } from '../../../test/helpers/postgres-leg.js';
import { careTeamMembers } from '../patients/index.js';
import { clinicalAlertEvents, clinicalAlerts, escalateDueClinicalAlerts, raiseClinicalAlert } from './index.js';

/**
 * Two people on the chain acknowledge the same alert at the same moment, while two sweepers
 * escalate: the row lock makes exactly one acknowledgement (both answer 200 naming the same
 * person), and SKIP LOCKED makes each due step happen once. Races only show on real PostgreSQL.
 */
describe.runIf(postgresLegReady())('concurrent acknowledgements and sweeps (needs real PostgreSQL)', () => {
  const t = useTestApp();
  let responsible: TestAccount;
  let colleague: TestAccount;
  let patientId: string;

  beforeAll(async () => {
    responsible = await createAccount(t, { role: 'doctor' });
    colleague = await createAccount(t, { role: 'doctor' });
    patientId = (await createPatientRecord(t)).id;
    await t.db
      .insert(careTeamMembers)
      .values({ patientId, staffId: colleague.staffId!, startsAt: t.clock.now(), createdAt: t.clock.now() });
  });

  const raise = (ref: string) =>
    t.db.transaction((tx) =>
      raiseClinicalAlert(
        tx,
        { actor: null, origin: null, now: t.clock.now() },
        {
          patientId,
          kind: 'critical_result',
          severity: 'critical',
          responsible: { userId: responsible.userId },
          source: { type: 'lab_result', id: ref },
          summary: 'K 6.9',
          escalationDelayMinutes: 1,
        },
      ),
    );

  it('one acknowledgement, one escalation per step', async () => {
    for (let round = 0; round < 3; round += 1) {
      const { id } = await raise(`race-${round}`);
      const later = new Date(t.clock.now().getTime() + 60_000);
      const [a, b] = await Promise.all([escalateDueClinicalAlerts(t.db, later), escalateDueClinicalAlerts(t.db, later)]);
      expect(a.escalated + b.escalated).toBe(1);
      const escalated = await t.db.select().from(clinicalAlertEvents).where(eq(clinicalAlertEvents.alertId, id));
      expect(escalated.filter((e) => e.type === 'escalated')).toHaveLength(1);

      const answers = await Promise.all(
        [responsible, colleague].map((who) => api(t, 'POST', `/api/v1/clinical-alerts/${id}/acknowledge`, { token: who.token })),
      );
      expect(answers.map((r) => r.statusCode)).toEqual([200, 200]);
      const [row] = await t.db.select().from(clinicalAlerts).where(eq(clinicalAlerts.id, id));
      expect(answers.map((r) => r.json().acknowledgedBy.userId)).toEqual([row!.acknowledgedBy, row!.acknowledgedBy]);
      const events = await t.db.select().from(clinicalAlertEvents).where(eq(clinicalAlertEvents.alertId, id));
      expect(events.filter((e) => e.type === 'acknowledged')).toHaveLength(1);
    }
  });
});
