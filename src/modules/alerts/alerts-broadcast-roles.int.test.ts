import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { rolesWithPermission } from '../../platform/authz/permissions.js';
import { events } from '../../platform/events/events.tables.js';
import { api, useTestApp } from '../../../test/helpers/app.js';
import { createAccount, type TestAccount } from '../../../test/helpers/actors.js';
import { alerts } from './alerts.tables.js';

/** ALERTS_BROADCAST_ROLES decides who may broadcast: here administrators and nurses. */
describe('alerts: broadcast roles from the environment', () => {
  const t = useTestApp({ env: { ALERTS_BROADCAST_ROLES: 'admin,nurse' } });
  let nurse: TestAccount;
  let doctor: TestAccount;

  beforeAll(async () => {
    nurse = await createAccount(t, { role: 'nurse' });
    doctor = await createAccount(t, { role: 'doctor' });
  });

  it('lets a nurse broadcast and resolve, still not a doctor', async () => {
    expect(t.config.alertsBroadcastRoles).toEqual(['admin', 'nurse']);
    expect(rolesWithPermission('alerts.broadcast')).toEqual(['admin', 'nurse']);
    const res = await api(t, 'POST', '/api/v1/alerts', {
      token: nurse.token,
      body: { type: 'it_outage', severity: 'info', message: 'Records system down until 14:00', audience: 'everyone' },
    });
    expect(res.statusCode).toBe(201);
    const [row] = await t.db.select().from(alerts).where(eq(alerts.id, res.json().id));
    expect(row!.sentBy).toBe(nurse.userId);

    const refused = await api(t, 'POST', '/api/v1/alerts', {
      token: doctor.token,
      body: { type: 'it_outage', severity: 'info', message: 'x', audience: 'everyone' },
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('forbidden');

    // The doctor acknowledges; the broadcasters (both roles) and the sender hear of it.
    expect((await api(t, 'POST', `/api/v1/alerts/${row!.id}/acknowledge`, { token: doctor.token })).statusCode).toBe(200);
    const [ack] = await t.db.select().from(events).where(eq(events.type, 'alert.acknowledged'));
    expect(ack!.roles.sort()).toEqual(['admin', 'nurse']);
    expect(ack!.userIds).toEqual([nurse.userId]);

    expect((await api(t, 'POST', `/api/v1/alerts/${row!.id}/resolve`, { token: nurse.token })).statusCode).toBe(200);
  });

  it('rejects a configuration naming an unknown role or a patient', async () => {
    const { loadConfig } = await import('../../platform/config.js');
    expect(() => loadConfig({ ALERTS_BROADCAST_ROLES: 'admin,janitor' })).toThrow(/ALERTS_BROADCAST_ROLES/);
    expect(() => loadConfig({ ALERTS_BROADCAST_ROLES: 'patient' })).toThrow(/ALERTS_BROADCAST_ROLES/);
    expect(loadConfig({}).alertsBroadcastRoles).toEqual(['admin']);
  });
});
