import { eq, inArray } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../../platform/audit/audit.tables.js';
import { users } from '../../platform/auth/auth.tables.js';
import { api, useTestApp } from '../../../test/helpers/app.js';
import { createAccount, type TestAccount } from '../../../test/helpers/actors.js';
import { PageSession } from '../../../test/helpers/browser.js';
import { countQueries } from '../../../test/helpers/query-count.js';
import { ambulanceCrew, ambulanceUnits } from './emergency.tables.js';
import { getFleetUnitPage } from './services/fleet-admin.service.js';

describe('emergency: the administrator manages ambulance units and crews', () => {
  const t = useTestApp();
  let admin: TestAccount;
  let medic: TestAccount;
  let otherMedic: TestAccount;
  let nurse: TestAccount;
  let patient: TestAccount;
  let dispatcher: TestAccount;

  beforeAll(async () => {
    admin = await createAccount(t, { role: 'admin' });
    medic = await createAccount(t, { role: 'paramedic', givenName: 'Rosa', familyName: 'Medic' });
    otherMedic = await createAccount(t, { role: 'paramedic', givenName: 'Omar', familyName: 'Second' });
    nurse = await createAccount(t, { role: 'nurse' });
    patient = await createAccount(t, { role: 'patient' });
    dispatcher = await createAccount(t, { role: 'receptionist', dispatcher: true });
  });

  const units = '/api/v1/emergency/units';
  const asAdmin = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, body?: unknown) =>
    api(t, method, url, { token: admin.token, body });

  it('creates a unit, refuses a taken call sign (409) and bad input (400 naming the field), audited', async () => {
    const made = await asAdmin('POST', units, { callSign: 'AMB-10', latitude: 48.85, longitude: 2.35 });
    expect(made.statusCode, made.body).toBe(201);
    expect(made.json()).toMatchObject({ callSign: 'AMB-10', status: 'available', latitude: 48.85, crew: [], onIncident: false });
    const taken = await asAdmin('POST', units, { callSign: 'AMB-10' });
    expect(taken.statusCode).toBe(409);
    expect(taken.json()).toMatchObject({ code: 'call_sign_taken', errors: [{ path: 'callSign' }] });
    const half = await asAdmin('POST', units, { callSign: 'AMB-11', latitude: 48.85 });
    expect(half.statusCode).toBe(400);
    expect(half.json()).toMatchObject({ code: 'validation_failed', errors: [{ path: 'longitude' }] });
    const blank = await asAdmin('POST', units, { callSign: '  ' });
    expect(blank.json().errors[0].path).toBe('callSign');
    expect((await asAdmin('POST', units, { callSign: 'AMB-12', extra: 1 })).statusCode).toBe(400);
    const rows = await t.db.select().from(ambulanceUnits).where(eq(ambulanceUnits.callSign, 'AMB-10'));
    expect(rows).toHaveLength(1);
    const audit = await t.db.select().from(auditEvents).where(eq(auditEvents.action, 'emergency.unit.create'));
    expect(audit.map((a) => a.resourceId)).toEqual([made.json().id]);
  });

  it('adds and removes crew members: paramedics only, one unit each', async () => {
    const id = (await asAdmin('POST', units, { callSign: 'AMB-20' })).json().id as string;
    const other = (await asAdmin('POST', units, { callSign: 'AMB-21' })).json().id as string;
    const added = await asAdmin('POST', `${units}/${id}/crew`, { staffId: medic.staffId });
    expect(added.statusCode, added.body).toBe(200);
    expect(added.json().crew).toEqual([{ staffId: medic.staffId, name: 'Rosa Medic' }]);
    expect((await asAdmin('POST', `${units}/${id}/crew`, { staffId: medic.staffId })).statusCode).toBe(200);
    const elsewhere = await asAdmin('POST', `${units}/${other}/crew`, { staffId: medic.staffId });
    expect(elsewhere.statusCode).toBe(409);
    const notMedic = await asAdmin('POST', `${units}/${id}/crew`, { staffId: nurse.staffId });
    expect(notMedic.statusCode).toBe(422);
    expect(notMedic.json().errors[0].path).toBe('staffId');
    expect((await asAdmin('POST', `${units}/${id}/crew`, { staffId: crypto.randomUUID() })).statusCode).toBe(404);
    // The crew member's phone page now shows the unit.
    expect((await api(t, 'GET', '/api/v1/ambulances/mine', { token: medic.token })).json().unit.callSign).toBe('AMB-20');
    const removed = await asAdmin('DELETE', `${units}/${id}/crew/${medic.staffId}`);
    expect(removed.json().crew).toEqual([]);
    expect((await asAdmin('DELETE', `${units}/${id}/crew/${medic.staffId}`)).statusCode).toBe(404);
    expect(await t.db.select().from(ambulanceCrew).where(eq(ambulanceCrew.userId, medic.userId))).toEqual([]);
    const audit = await t.db
      .select()
      .from(auditEvents)
      .where(inArray(auditEvents.action, ['emergency.unit.crew_add', 'emergency.unit.crew_remove']));
    expect(audit.map((a) => a.action)).toEqual(['emergency.unit.crew_add', 'emergency.unit.crew_remove']);
  });

  it('takes a unit out of service and back, but not while it is on an open call (409 unit_busy)', async () => {
    const id = (await asAdmin('POST', units, { callSign: 'AMB-30', latitude: 48.86, longitude: 2.36 })).json().id as string;
    const out = await asAdmin('PATCH', `${units}/${id}`, { status: 'out_of_service' });
    expect(out.json().status).toBe('out_of_service');
    expect((await asAdmin('PATCH', `${units}/${id}`, { status: 'available', callSign: 'AMB-31' })).json()).toMatchObject({
      status: 'available',
      callSign: 'AMB-31',
    });
    expect((await asAdmin('PATCH', `${units}/${id}`, { status: 'en_route' })).statusCode).toBe(400);
    const sos = await api(t, 'POST', '/api/v1/emergency/incidents', {
      token: patient.token,
      body: { location: { latitude: 48.861, longitude: 2.361 } },
      headers: { 'idempotency-key': 'fleet-test-1' },
    });
    const incidentId = sos.json().id as string;
    const assigned = await api(t, 'POST', `/api/v1/emergency/incidents/${incidentId}/assign`, {
      token: dispatcher.token,
      body: { unitId: id },
    });
    expect(assigned.statusCode, assigned.body).toBe(200);
    const busy = await asAdmin('PATCH', `${units}/${id}`, { status: 'out_of_service' });
    expect(busy.statusCode).toBe(409);
    expect(busy.json().code).toBe('unit_busy');
    expect((await t.db.select().from(ambulanceUnits).where(eq(ambulanceUnits.id, id)))[0]!.status).toBe('assigned');
    expect((await asAdmin('GET', `${units}/${id}`)).json()).toMatchObject({ onIncident: true, status: 'assigned' });
    await api(t, 'POST', `/api/v1/emergency/incidents/${incidentId}/close`, { token: dispatcher.token, body: {} });
    expect((await asAdmin('PATCH', `${units}/${id}`, { status: 'out_of_service' })).json().status).toBe('out_of_service');
    const taken = await asAdmin('PATCH', `${units}/${id}`, { callSign: 'AMB-10' });
    expect(taken.json().code).toBe('call_sign_taken');
  });

  it('is for administrators only: other roles 403, unknown units 404', async () => {
    for (const who of [nurse, medic, dispatcher, patient]) {
      expect((await api(t, 'GET', units, { token: who.token })).statusCode).toBe(403);
      expect((await api(t, 'POST', units, { token: who.token, body: { callSign: 'X-1' } })).statusCode).toBe(403);
    }
    expect((await asAdmin('GET', `${units}/${crypto.randomUUID()}`)).statusCode).toBe(404);
    expect((await asAdmin('GET', units)).json().items.map((u: { callSign: string }) => u.callSign)).toContain('AMB-10');
  });

  it('the pages: list from the admin menu, new unit, errors keep what was typed, crew by name', async () => {
    const session = new PageSession(t, admin.cookie);
    expect((await session.get('/staff')).body).toContain('href="/admin/emergency/units"');
    const list = await session.get('/admin/emergency/units');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('AMB-10');
    expect(list.body).toContain('Available');
    expect(list.body).not.toContain('out_of_service<');
    expect((await session.get('/admin/emergency/units/new')).statusCode).toBe(200);
    const refused = await session.post('/admin/emergency/units', { callSign: 'AMB-10', latitude: '48.1', longitude: '' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('value="AMB-10"');
    expect(refused.body).toContain('value="48.1"');
    const taken = await session.post('/admin/emergency/units', { callSign: 'AMB-10' });
    expect(taken.statusCode).toBe(409);
    expect(taken.body).toContain('Another ambulance already has this call sign.');
    const made = await session.post('/admin/emergency/units', { callSign: 'AMB-40', latitude: '48.9', longitude: '2.4' });
    expect(made.statusCode).toBe(303);
    const unitUrl = String(made.headers.location).split('?')[0]!;
    const page = await session.get(String(made.headers.location));
    expect(page.body).toContain('Saved.');
    expect(page.body).toContain('Omar Second');
    expect(page.body).not.toContain(`>${otherMedic.staffId}<`);
    expect((await session.post(`${unitUrl}/crew`, { staffId: otherMedic.staffId! })).statusCode).toBe(303);
    expect((await session.get(unitUrl)).body).toMatch(/Omar Second[^<]*<form[^>]*crew\/[0-9a-f-]+\/remove/);
    const out = await session.post(unitUrl, { callSign: 'AMB-40', latitude: '48.9', longitude: '2.4', status: 'out_of_service' });
    expect(out.statusCode).toBe(303);
    expect((await session.get('/admin/emergency/units')).body).toContain('Out of service');
    expect((await session.post(`${unitUrl}/crew/${otherMedic.staffId}/remove`, {})).statusCode).toBe(303);
    expect((await session.get(unitUrl)).body).not.toMatch(/Omar Second[^<]*<form/);
    const nursePage = await new PageSession(t, nurse.cookie).get('/admin/emergency/units');
    expect(nursePage.statusCode).toBe(403);
    expect((await new PageSession(t, nurse.cookie).get('/staff')).body).not.toContain('href="/admin/emergency/units"');
  });

  it('a unit’s page is one statement: each unit its own crew; the picker offers active paramedics with the unit each rides', async () => {
    const first = (await asAdmin('POST', units, { callSign: 'AMB-60' })).json().id as string;
    const second = (await asAdmin('POST', units, { callSign: 'AMB-61' })).json().id as string;
    const rider = await createAccount(t, { role: 'paramedic', givenName: 'Ada', familyName: 'Rider' });
    const gone = await createAccount(t, { role: 'paramedic', givenName: 'Gil', familyName: 'Gone' });
    expect((await asAdmin('POST', `${units}/${first}/crew`, { staffId: rider.staffId })).statusCode).toBe(200);
    await t.db.update(users).set({ disabledAt: t.clock.now() }).where(eq(users.id, gone.userId));
    const counter = countQueries(t);
    for (const round of [1, 2]) {
      for (const [id, callSign, crew] of [
        [first, 'AMB-60', ['Ada Rider']],
        [second, 'AMB-61', []],
      ] as const) {
        counter.reset();
        const { unit, candidates } = await getFleetUnitPage(counter.db, id);
        expect(counter.count(), `round ${round}`).toBe(1);
        expect(unit).toMatchObject({ id, callSign, onIncident: false });
        expect(unit.crew.map((c) => c.name)).toEqual(crew);
        const offered = new Map(candidates.map((c) => [c.name, c.unitCallSign]));
        expect(offered.get('Ada Rider')).toBe('AMB-60');
        expect(offered.has('Omar Second')).toBe(true);
        expect(offered.has('Gil Gone')).toBe(false); // disabled
        expect(candidates.map((c) => c.staffId)).not.toContain(nurse.staffId); // paramedics only
      }
    }
    await expect(getFleetUnitPage(t.db, crypto.randomUUID())).rejects.toMatchObject({ code: 'not_found' });
  });
});
