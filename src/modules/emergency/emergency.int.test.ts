import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../../platform/audit/audit.tables.js';
import { outbox } from '../../platform/outbox/outbox.tables.js';
import { api, useTestApp } from '../../../test/helpers/app.js';
import { createAccount, type TestAccount } from '../../../test/helpers/actors.js';
import { emergencyIncidents, emergencyLocations } from './emergency.tables.js';
import { createUnit, escalateUnacknowledged, purgeOldLocations } from './index.js';

const HERE = { latitude: 48.8566, longitude: 2.3522, accuracy: 12 };

describe('emergency: SOS, dispatch, crew', () => {
  const t = useTestApp();
  let patient: TestAccount;
  let other: TestAccount;
  let dispatcher: TestAccount;
  let nurse: TestAccount;
  let medic: TestAccount;
  let otherMedic: TestAccount;
  let nearId: string;

  beforeAll(async () => {
    patient = await createAccount(t, { role: 'patient' });
    other = await createAccount(t, { role: 'patient' });
    dispatcher = await createAccount(t, { role: 'receptionist', dispatcher: true });
    nurse = await createAccount(t, { role: 'nurse' });
    medic = await createAccount(t, { role: 'paramedic' });
    otherMedic = await createAccount(t, { role: 'paramedic' });
    const now = t.clock.now();
    nearId = (await createUnit(t.db, { callSign: 'AMB-1', crewUserIds: [medic.userId], latitude: 48.86, longitude: 2.36 }, now)).id;
    await createUnit(t.db, { callSign: 'AMB-2', crewUserIds: [otherMedic.userId], latitude: 48.95, longitude: 2.5 }, now);
  });

  const sos = (account: TestAccount, key: string, body: Record<string, unknown>) =>
    api(t, 'POST', '/api/v1/emergency/incidents', { token: account.token, body, headers: { 'idempotency-key': key } });

  it('raises one open incident per patient; a retry with the key updates it', async () => {
    const first = await sos(patient, 'key-aaaaaaaa', { subject: 'self', location: HERE });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ status: 'received', emergencyNumber: '112', unanswered: false });
    const retry = await sos(patient, 'key-aaaaaaaa', { subject: 'companion', note: 'my father fell', location: HERE });
    expect(retry.statusCode).toBe(200);
    expect(retry.json()).toMatchObject({ id: first.json().id, subject: 'companion', note: 'my father fell' });
    const again = await sos(patient, 'key-bbbbbbbb', { callBack: true });
    expect(again.json().id).toBe(first.json().id);
    const rows = await t.db.select().from(emergencyIncidents).where(eq(emergencyIncidents.patientId, patient.patientId!));
    expect(rows).toHaveLength(1);
  });

  it('needs a position, an address or a call-back, and a valid position', async () => {
    const bare = await sos(other, 'key-cccccccc', {});
    expect(bare.statusCode).toBe(400);
    expect(bare.json().errors[0].path).toBe('address');
    const bad = await sos(other, 'key-cccccccc', { location: { latitude: 91, longitude: 0 } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('location.latitude');
    expect(await sos(other, 'key-cccccccc', { address: '1 rue de Rivoli' }).then((r) => r.statusCode)).toBe(201);
  });

  it('rate-limits positions per incident', async () => {
    const id = (await api(t, 'GET', '/api/v1/emergency/incidents/current', { token: patient.token })).json().incident.id;
    t.clock.advance(10_000);
    const url = `/api/v1/emergency/incidents/${id}/locations`;
    expect((await api(t, 'POST', url, { token: patient.token, body: HERE })).statusCode).toBe(201);
    const soon = await api(t, 'POST', url, { token: patient.token, body: HERE });
    expect(soon.statusCode).toBe(429);
    expect(soon.json().code).toBe('rate_limited');
    // Someone else's incident is not found.
    expect((await api(t, 'POST', url, { token: other.token, body: HERE })).statusCode).toBe(404);
  });

  it('shows positions only to dispatch staff and the assigned crew; everyone else 404', async () => {
    const id = (await api(t, 'GET', '/api/v1/emergency/incidents/current', { token: patient.token })).json().incident.id;
    const seen = await api(t, 'GET', `/api/v1/emergency/incidents/${id}`, { token: dispatcher.token });
    expect(seen.statusCode).toBe(200);
    expect(seen.json().location).toMatchObject({ latitude: HERE.latitude, longitude: HERE.longitude });
    expect((await api(t, 'GET', `/api/v1/emergency/incidents/${id}`, { token: nurse.token })).statusCode).toBe(404);
    expect((await api(t, 'GET', '/api/v1/emergency/incidents', { token: nurse.token })).statusCode).toBe(403);
    expect((await api(t, 'GET', '/api/v1/ambulances/mine', { token: medic.token })).json().incident).toBeNull();
    const audits = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'emergency.incident.read'), eq(auditEvents.resourceId, id)));
    const staffAudits = audits.filter((a) => a.actorUserId === dispatcher.userId || a.actorUserId === nurse.userId);
    expect(staffAudits.map((a) => `${a.actorUserId === nurse.userId ? 'nurse' : 'dispatcher'}:${a.outcome}`).sort()).toEqual([
      'dispatcher:success',
      'nurse:denied',
    ]);
  });

  it('suggests the nearest unit, assigns it once, and the crew moves it to arrival', async () => {
    const id = (await api(t, 'GET', '/api/v1/emergency/incidents/current', { token: patient.token })).json().incident.id;
    const suggestion = await api(t, 'GET', `/api/v1/emergency/incidents/${id}/suggestion`, { token: dispatcher.token });
    expect(suggestion.json().suggestion).toMatchObject({ unitId: nearId, callSign: 'AMB-1' });
    const assigned = await api(t, 'POST', `/api/v1/emergency/incidents/${id}/assign`, {
      token: dispatcher.token,
      body: { unitId: nearId },
    });
    expect(assigned.statusCode).toBe(200);
    expect(assigned.json()).toMatchObject({ status: 'ambulance_assigned', unit: { callSign: 'AMB-1' } });
    // The other patient's incident cannot take the same unit.
    const otherId = (await api(t, 'GET', '/api/v1/emergency/incidents/current', { token: other.token })).json().incident.id;
    const clash = await api(t, 'POST', `/api/v1/emergency/incidents/${otherId}/assign`, {
      token: dispatcher.token,
      body: { unitId: nearId },
    });
    expect(clash.statusCode).toBe(409);
    // The other crew sees nothing of it.
    expect((await api(t, 'POST', `/api/v1/ambulances/mine/incidents/${id}/accept`, { token: otherMedic.token })).statusCode).toBe(404);

    const accepted = await api(t, 'POST', `/api/v1/ambulances/mine/incidents/${id}/accept`, { token: medic.token });
    expect(accepted.json()).toMatchObject({ accepted: true, incident: { status: 'en_route' } });
    const eta1 = (await api(t, 'GET', '/api/v1/emergency/incidents/current', { token: patient.token })).json().incident.etaAt;
    t.clock.advance(30_000);
    await api(t, 'POST', '/api/v1/ambulances/mine/position', { token: medic.token, body: { latitude: 48.857, longitude: 2.353 } });
    const mine = (await api(t, 'GET', '/api/v1/emergency/incidents/current', { token: patient.token })).json().incident;
    expect(new Date(mine.etaAt).getTime()).toBeLessThan(new Date(eta1).getTime());
    expect(mine.unitCallSign).toBe('AMB-1');
    const arrived = await api(t, 'POST', `/api/v1/ambulances/mine/incidents/${id}/status`, {
      token: medic.token,
      body: { status: 'on_scene' },
    });
    expect(arrived.json().incident.status).toBe('arrived');
  });

  it('never moves back from closed', async () => {
    const id = (await api(t, 'GET', '/api/v1/emergency/incidents/current', { token: patient.token })).json().incident.id;
    expect((await api(t, 'POST', `/api/v1/emergency/incidents/${id}/close`, { token: dispatcher.token })).statusCode).toBe(200);
    expect((await api(t, 'POST', `/api/v1/emergency/incidents/${id}/close`, { token: dispatcher.token })).statusCode).toBe(409);
    expect((await api(t, 'POST', `/api/v1/emergency/incidents/${id}/acknowledge`, { token: dispatcher.token })).statusCode).toBe(409);
    await expect(
      t.db.update(emergencyIncidents).set({ status: 'received', closedAt: null }).where(eq(emergencyIncidents.id, id)),
    ).rejects.toThrow();
    const closed = (await api(t, 'GET', '/api/v1/emergency/incidents/current', { token: patient.token })).json().incident;
    expect(closed).toMatchObject({ status: 'closed', etaAt: null });
    // The unit is free again; a new press opens a new incident.
    const fresh = await sos(patient, 'key-dddddddd', { callBack: true });
    expect(fresh.statusCode).toBe(201);
    expect(fresh.json().id).not.toBe(id);
  });

  it('escalates an unacknowledged call to dispatch staff on every channel, once', async () => {
    const before = await t.db.select().from(outbox);
    // The other patient's call is 40 seconds old, the fresh one new: neither is due yet.
    expect((await escalateUnacknowledged(t.db, t.clock.now())).escalated).toBe(0);
    t.clock.advance(61_000);
    const report = await escalateUnacknowledged(t.db, t.clock.now());
    expect(report.escalated).toBe(2); // the other patient's call and the fresh one
    expect((await escalateUnacknowledged(t.db, t.clock.now())).escalated).toBe(0);
    const sent = (await t.db.select().from(outbox)).filter((m) => !before.some((b) => b.id === m.id));
    // Staff have no phone on record, so e-mail and push (SMS needs a number); one of each per call.
    const channels = sent.filter((m) => m.recipientUserId === dispatcher.userId).map((m) => m.channel);
    expect(channels.sort()).toEqual(['email', 'email', 'push', 'push']);
    const page = (await api(t, 'GET', '/api/v1/emergency/incidents/current', { token: patient.token })).json().incident;
    expect(page.unanswered).toBe(true);
  });

  it('deletes positions older than the retention', async () => {
    const count = async () => (await t.db.select().from(emergencyLocations)).length;
    const n = await count();
    expect(n).toBeGreaterThan(0);
    expect((await purgeOldLocations(t.db, new Date(t.clock.now().getTime() + 29 * 86_400_000))).deleted).toBe(0);
    expect((await purgeOldLocations(t.db, new Date(t.clock.now().getTime() + 31 * 86_400_000))).deleted).toBe(n);
  });
});
