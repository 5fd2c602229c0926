import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../../platform/audit/audit.tables.js';
import { api, useTestApp } from '../../../test/helpers/app.js';
import { createAccount, type TestAccount } from '../../../test/helpers/actors.js';
import { PageSession } from '../../../test/helpers/browser.js';
import { emergencyIncidents } from './emergency.tables.js';
import { createUnit } from './index.js';

describe('emergency pages: SOS, dispatch board, crew', () => {
  const t = useTestApp();
  let patient: TestAccount;
  let dispatcher: TestAccount;
  let clerk: TestAccount;
  let medic: TestAccount;

  beforeAll(async () => {
    patient = await createAccount(t, { role: 'patient' });
    dispatcher = await createAccount(t, { role: 'receptionist', dispatcher: true });
    clerk = await createAccount(t, { role: 'receptionist' });
    medic = await createAccount(t, { role: 'paramedic' });
    await createUnit(t.db, { callSign: 'AMB-9', crewUserIds: [medic.userId], latitude: 48.86, longitude: 2.36 }, t.clock.now());
  });

  it('the patient opens the SOS page: the button, the emergency number, its script, no inline script', async () => {
    const res = await new PageSession(t, patient.cookie).get('/portal/emergency');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('id="sos-press"');
    expect(res.body).toContain('href="tel:112"');
    expect(res.body).toContain('/assets/sos/sos.js');
    expect(res.body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect((await new PageSession(t, patient.cookie).get('/portal')).body).toContain('href="/portal/emergency"');
  });

  it('without script: the form posts, 303 to the status page (received, refreshing), the same page sent again updates the call', async () => {
    const other = await createAccount(t, { role: 'patient' });
    const session = new PageSession(t, other.cookie);
    const form = await session.get('/portal/emergency');
    expect(form.body).toMatch(/<form id="sos-form"[^>]*method="post"[^>]*action="\/portal\/emergency"/);
    expect(form.body).toContain('<button type="submit" id="sos-press"');
    const callKey = /name="callKey" value="([0-9a-f-]{36})"/.exec(form.body)![1]!;
    const sent = await session.post('/portal/emergency', {
      callKey,
      subject: 'companion',
      note: 'my father fell',
      address: '3 rue de Rivoli',
    });
    expect(sent.statusCode).toBe(303);
    const rows = await t.db.select().from(emergencyIncidents).where(eq(emergencyIncidents.patientId, other.patientId!));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      subject: 'companion',
      note: 'my father fell',
      address: '3 rue de Rivoli',
      callBack: false,
      status: 'received',
    });
    expect(sent.headers.location).toBe(`/portal/emergency?call=${rows[0]!.id}`);
    const status = await session.get(String(sent.headers.location));
    expect(status.body).toMatch(/<li data-step="received" class="sos-step sos-step--current" aria-current="step">Received<\/li>/);
    expect(status.body).toContain('<noscript><meta http-equiv="refresh" content="10"/></noscript>');
    expect(status.body).toMatch(/<form id="sos-form"[^>]*hidden/);
    // The same page sent again (a double press, a resubmit) updates the open call; no address: call me back.
    const again = await session.post('/portal/emergency', { callKey, subject: 'self', note: 'now unconscious' });
    expect(again.statusCode).toBe(303);
    const after = await t.db.select().from(emergencyIncidents).where(eq(emergencyIncidents.patientId, other.patientId!));
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ id: rows[0]!.id, note: 'now unconscious', address: null, callBack: true });
    // Without a CSRF token nothing is sent.
    expect((await session.post('/portal/emergency', { callKey, note: 'x' }, { csrf: null })).statusCode).toBe(403);
    // A note too long comes back with what was typed.
    const long = await session.post('/portal/emergency', { callKey, note: 'x'.repeat(501), address: 'kept here' });
    expect(long.statusCode).toBe(400);
    expect(long.body).toContain('value="kept here"');
    expect(long.body).toContain('Keep the note to 500 characters.');
  });

  it('the dispatch board is for dispatch staff only (403 and a denied audit row for other staff)', async () => {
    const board = await new PageSession(t, dispatcher.cookie).get('/staff/dispatch');
    expect(board.statusCode).toBe(200);
    expect(board.body).toContain('/assets/sos/leaflet.js');
    expect(board.body).toContain('id="dispatch-sound"');
    expect((await new PageSession(t, dispatcher.cookie).get('/staff')).body).toContain('href="/staff/dispatch"');
    expect((await new PageSession(t, clerk.cookie).get('/staff/dispatch')).statusCode).toBe(403);
    expect((await new PageSession(t, clerk.cookie).get('/staff')).body).not.toContain('href="/staff/dispatch"');
    const denied = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.actorUserId, clerk.userId), eq(auditEvents.action, 'emergency.board.view')));
    expect(denied.map((r) => r.outcome)).toEqual(['denied']);
    expect((await new PageSession(t, patient.cookie).get('/staff/dispatch')).statusCode).toBeGreaterThanOrEqual(403);
  });

  it('the crew page is the paramedics’, linked from their home', async () => {
    expect((await new PageSession(t, medic.cookie).get('/crew')).statusCode).toBe(200);
    expect((await new PageSession(t, medic.cookie).get('/staff')).body).toContain('href="/crew"');
    expect((await new PageSession(t, dispatcher.cookie).get('/crew')).statusCode).toBeGreaterThanOrEqual(403);
  });

  it('serves Leaflet and the page scripts from the app', async () => {
    const leaflet = await api(t, 'GET', '/assets/sos/leaflet.js');
    expect(leaflet.statusCode).toBe(200);
    expect(leaflet.body).toContain('Leaflet');
    expect((await api(t, 'GET', '/assets/sos/leaflet.css')).headers['content-type']).toContain('text/css');
    for (const name of ['sos.js', 'dispatch.js', 'crew.js', 'sos.css'])
      expect((await api(t, 'GET', `/assets/sos/${name}`)).statusCode).toBe(200);
    expect((await api(t, 'GET', '/assets/sos/package.json')).statusCode).toBe(404);
  });

  it('without a tile server the CSP allows no other image origin', async () => {
    const res = await new PageSession(t, dispatcher.cookie).get('/staff/dispatch');
    expect(String(res.headers['content-security-policy'])).toContain("img-src 'self' data:;");
  });
});
