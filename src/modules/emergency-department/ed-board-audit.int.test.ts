import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../../platform/audit/audit.tables.js';
import { departments } from '../staff/index.js';
import { edTriageLevels } from './ed.tables.js';
import { api, useTestApp } from '../../../test/helpers/app.js';
import { createPatientRecord, type TestAccount } from '../../../test/helpers/actors.js';
import { freshToken } from '../../../test/helpers/patients.js';
import { departmentStaff } from './ed-test-support.js';

/**
 * The ED board's audit rows and the patients' labels are one statement built once (issue 11): as
 * the board grows and shrinks between reads, each answer names exactly its patients and each read
 * writes one `ed.board.view` row per patient shown, no more.
 */
const t = useTestApp();
let edNurse: TestAccount;

beforeAll(async () => {
  const [ed] = await t.db.insert(departments).values({ code: 'ED', name: 'Emergency Department', createdAt: t.clock.now() }).returning();
  edNurse = await departmentStaff(t, 'nurse', ed!.id);
});

describe('emergency department: the board read in turn as it changes', () => {
  it('labels each patient shown and audits exactly them, read after read', async () => {
    const token = async () => freshToken(t, edNurse.userId);
    const board = async () => {
      t.clock.advance(1_000);
      const res = await api(t, 'GET', '/api/v1/ed/board', { token: await token() });
      expect(res.statusCode).toBe(200);
      const shown = (res.json().waiting as { id: string; patient: { id: string; name: string } }[]).map((a) => [
        a.patient.id,
        a.patient.name,
      ]);
      const rows = await t.db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.action, 'ed.board.view'), eq(auditEvents.occurredAt, t.clock.now())));
      return { shown, audited: rows.map((r) => [r.patientId, r.resourceType, r.outcome, r.actorUserId]) };
    };
    const arrive = async (givenName: string) => {
      const patient = await createPatientRecord(t, { givenName, familyName: 'Board' });
      const res = await api(t, 'POST', '/api/v1/ed/arrivals', {
        token: await token(),
        body: { patientId: patient.id, mode: 'walk_in', chiefComplaint: 'Abdominal pain' },
      });
      expect(res.statusCode, res.body).toBe(201);
      return { patientId: patient.id, arrivalId: res.json().id as string };
    };

    // Empty: no patient, no row.
    expect(await board()).toEqual({ shown: [], audited: [] });

    const first = await arrive('Ana');
    const second = await arrive('Bruno');
    const both = await board();
    expect(both.shown.sort()).toEqual(
      [
        [first.patientId, 'Ana Board'],
        [second.patientId, 'Bruno Board'],
      ].sort(),
    );
    expect(both.audited.sort()).toEqual(
      [
        [first.patientId, 'ed_arrival', 'success', edNurse.userId],
        [second.patientId, 'ed_arrival', 'success', edNurse.userId],
      ].sort(),
    );

    // The first leaves the board: the next read names only the second.
    const closed = await api(t, 'POST', `/api/v1/ed/arrivals/${first.arrivalId}/close`, {
      token: await token(),
      body: { outcome: 'discharged' },
    });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(await board()).toEqual({
      shown: [[second.patientId, 'Bruno Board']],
      audited: [[second.patientId, 'ed_arrival', 'success', edNurse.userId]],
    });
  });
});

describe('emergency department: the triage scale', () => {
  it('comes from the reference cache between views, and a change made straight through SQL shows on the very next view', async () => {
    const scale = async () => {
      const res = await api(t, 'GET', '/api/v1/ed/board', { token: await freshToken(t, edNurse.userId) });
      expect(res.statusCode).toBe(200);
      return res.json().scale as { level: number; label: string; targetMinutes: number }[];
    };
    const cache = t.app.deps.referenceCache;
    await scale();
    const hits = cache.stats.hits;
    expect((await scale()).map((l) => l.level)).toEqual([1, 2, 3, 4, 5]);
    expect(cache.stats.hits).toBeGreaterThan(hits); // the second view read the scale from the cache

    // As no application code could have remembered to invalidate (migration 0069's trigger signals it).
    await t.db.update(edTriageLevels).set({ label: 'Immediate (renamed)', targetMinutes: 1 }).where(eq(edTriageLevels.level, 1));
    expect((await scale())[0]).toMatchObject({ level: 1, label: 'Immediate (renamed)', targetMinutes: 1 });
  });
});
