import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { api, useTestApp } from '../../../../test/helpers/app.js';
import { createAccount } from '../../../../test/helpers/actors.js';
import { PageSession } from '../../../../test/helpers/browser.js';
import { auditEvents } from '../../../platform/audit/audit.tables.js';
import { calendarFeeds } from './calendar-feed.tables.js';
import { bookAs, openClinic } from '../reminders/reminders-test-support.js';

/** Unfolds an iCalendar text (CRLF + space continues a line) into its content lines. */
function contentLines(body: string): string[] {
  return body.replace(/\r\n /g, '').split('\r\n').filter(Boolean);
}

function property(lines: string[], name: string): string[] {
  return lines.filter((l) => l.startsWith(`${name}:`)).map((l) => l.slice(name.length + 1));
}

describe('calendars: .ics downloads and private feeds', () => {
  const logLines: string[] = [];
  const t = useTestApp({ logDestination: { write: (line: string) => logLines.push(line) } });

  it('an appointment downloads as RFC 5545: CRLF, folded at 75 octets, UTC times, the clinician and the place — never the reason', async () => {
    const { doctor, followUp } = await openClinic(t, {
      givenName: 'Maximiliana Josefina',
      familyName: 'Ñúñez de la Peña-Oppenheimer Santísima',
    });
    const patient = await createAccount(t, { role: 'patient' });
    const booked = await bookAs(t, patient, {
      staffId: doctor.staffId,
      visitTypeId: followUp,
      startsAt: '2026-12-01T09:00:00Z',
      reason: 'Palpitations at night',
    });

    const res = await api(t, 'GET', `/api/v1/appointments/${booked.id}/calendar.ics`, { token: patient.token });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="appointment-${booked.id}.ics"`);
    expect(res.headers['cache-control']).toBe('no-store');
    const body = res.body;
    expect(body.endsWith('\r\n')).toBe(true);
    expect(body.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/); // every line break is CRLF
    const physical = body.split('\r\n').slice(0, -1);
    for (const line of physical) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    expect(physical.some((l) => l.startsWith(' '))).toBe(true); // the long SUMMARY was folded

    const lines = contentLines(body);
    expect(lines[0]).toBe('BEGIN:VCALENDAR');
    expect(lines.at(-1)).toBe('END:VCALENDAR');
    expect(property(lines, 'VERSION')).toEqual(['2.0']);
    expect(property(lines, 'UID')).toEqual([`${booked.id}@carewell`]);
    expect(property(lines, 'DTSTAMP')).toEqual(['20261127T090000Z']);
    expect(property(lines, 'DTSTART')).toEqual(['20261201T090000Z']);
    expect(property(lines, 'DTEND')).toEqual(['20261201T091500Z']);
    expect(property(lines, 'SUMMARY')).toEqual([
      'Appointment at Carewell with Maximiliana Josefina Ñúñez de la Peña-Oppenheimer Santísima',
    ]);
    expect(property(lines, 'LOCATION')).toEqual(['Consulting room']);
    expect(property(lines, 'STATUS')).toEqual(['CONFIRMED']);
    expect(body).not.toContain('Palpitations');

    const [audit] = await t.db.select().from(auditEvents).where(eq(auditEvents.action, 'appointment.calendar'));
    expect(audit).toMatchObject({ actorUserId: patient.userId, resourceId: booked.id, patientId: patient.patientId, outcome: 'success' });
  });

  it('a telemedicine visit says so; another patient gets 404 and a denied audit row', async () => {
    const { doctor, telemedicine } = await openClinic(t);
    const patient = await createAccount(t, { role: 'patient' });
    const booked = await bookAs(t, patient, { staffId: doctor.staffId, visitTypeId: telemedicine, startsAt: '2026-12-02T09:00:00Z' });
    const own = await api(t, 'GET', `/api/v1/appointments/${booked.id}/calendar.ics`, { token: patient.token });
    expect(property(contentLines(own.body), 'LOCATION')).toEqual(['Telemedicine']);
    // The clinician may download it too.
    expect((await api(t, 'GET', `/api/v1/appointments/${booked.id}/calendar.ics`, { token: doctor.token })).statusCode).toBe(200);

    const other = await createAccount(t, { role: 'patient' });
    const denied = await api(t, 'GET', `/api/v1/appointments/${booked.id}/calendar.ics`, { token: other.token });
    expect(denied.statusCode).toBe(404);
    expect(denied.json().code).toBe('not_found');
    const rows = await t.db.select().from(auditEvents).where(eq(auditEvents.actorUserId, other.userId));
    expect(rows).toEqual([expect.objectContaining({ action: 'appointment.calendar', outcome: 'denied', resourceId: booked.id })]);
  });

  it('a clinician’s private feed shows times and “Appointment” only; rotating kills the old URL; disabling kills the new one; the token is never logged', async () => {
    const { doctor, followUp } = await openClinic(t);
    const otherClinic = await openClinic(t);
    const patient = await createAccount(t, { role: 'patient', givenName: 'Zelda', familyName: 'Quillfeather' });
    const kept = await bookAs(t, patient, {
      staffId: doctor.staffId,
      visitTypeId: followUp,
      startsAt: '2026-12-03T09:00:00Z',
      reason: 'Migraine',
    });
    const cancelled = await bookAs(t, patient, { staffId: doctor.staffId, visitTypeId: followUp, startsAt: '2026-12-03T11:00:00Z' });
    await api(t, 'POST', `/api/v1/appointments/${cancelled.id}/cancel`, { token: patient.token, body: {} });
    const elsewhere = await bookAs(t, patient, {
      staffId: otherClinic.doctor.staffId,
      visitTypeId: followUp,
      startsAt: '2026-12-04T09:00:00Z',
    });

    expect((await api(t, 'GET', '/api/v1/staff/me/calendar-feed', { token: doctor.token })).json()).toEqual({
      enabled: false,
      issuedAt: null,
    });
    const created = await api(t, 'POST', '/api/v1/staff/me/calendar-feed', { token: doctor.token });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ rotated: false, issuedAt: '2026-11-27T09:00:00.000Z' });
    const url = new URL(created.json().url as string);
    expect(url.origin).toBe(t.config.publicUrl);
    const token = /^\/calendar\/feeds\/([A-Za-z0-9_-]{43})\.ics$/.exec(url.pathname)![1]!;
    const [stored] = await t.db.select().from(calendarFeeds).where(eq(calendarFeeds.staffId, doctor.staffId!));
    expect(stored!.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored!.tokenHash).not.toContain(token);
    expect((await api(t, 'GET', '/api/v1/staff/me/calendar-feed', { token: doctor.token })).json()).toEqual({
      enabled: true,
      issuedAt: '2026-11-27T09:00:00.000Z',
    });

    const feed = await t.app.inject({ method: 'GET', url: url.pathname });
    expect(feed.statusCode).toBe(200);
    expect(feed.headers['content-type']).toBe('text/calendar; charset=utf-8');
    const lines = contentLines(feed.body);
    expect(property(lines, 'UID')).toEqual([`${kept.id}@carewell`]); // not the cancelled one, not another clinician's
    expect(property(lines, 'SUMMARY')).toEqual(['Appointment']);
    expect(property(lines, 'DTSTART')).toEqual(['20261203T090000Z']);
    expect(lines.some((l) => l.startsWith('LOCATION') || l.startsWith('DESCRIPTION') || l.startsWith('ATTENDEE'))).toBe(false);
    for (const secret of ['Zelda', 'Quillfeather', 'Migraine', elsewhere.id]) expect(feed.body).not.toContain(secret);

    const rotated = await api(t, 'POST', '/api/v1/staff/me/calendar-feed', { token: doctor.token });
    expect(rotated.json().rotated).toBe(true);
    const newPath = new URL(rotated.json().url as string).pathname;
    expect(newPath).not.toBe(url.pathname);
    expect((await t.app.inject({ method: 'GET', url: url.pathname })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: newPath })).statusCode).toBe(200);

    expect((await api(t, 'DELETE', '/api/v1/staff/me/calendar-feed', { token: doctor.token })).statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: newPath })).statusCode).toBe(404);
    expect(await t.db.select().from(calendarFeeds).where(eq(calendarFeeds.staffId, doctor.staffId!))).toEqual([]);
    expect((await t.app.inject({ method: 'GET', url: '/calendar/feeds/not-a-token.ics' })).statusCode).toBe(404);

    const actions = (await t.db.select().from(auditEvents).where(eq(auditEvents.actorUserId, doctor.userId)))
      .map((r) => r.action)
      .filter((a) => a.startsWith('calendar_feed.'));
    expect(actions.sort()).toEqual(['calendar_feed.create', 'calendar_feed.disable', 'calendar_feed.rotate']);

    // The request log names the route, never the token.
    const requestLines = logLines.filter((l) => l.includes('/calendar/feeds/'));
    expect(requestLines.length).toBeGreaterThanOrEqual(4);
    for (const line of logLines) expect(line).not.toContain(token);
    expect(requestLines.some((l) => l.includes('"url":"/calendar/feeds/[redacted]"'))).toBe(true);

    // A receptionist has no feed to manage.
    const receptionist = await createAccount(t, { role: 'receptionist' });
    expect((await api(t, 'POST', '/api/v1/staff/me/calendar-feed', { token: receptionist.token })).statusCode).toBe(403);
  });

  it('the feed page turns the feed on and shows the link once, rotates and turns it off', async () => {
    const doctor = await createAccount(t, { role: 'doctor' });
    const page = new PageSession(t, doctor.cookie);
    const off = await page.get('/staff/calendar-feed');
    expect(off.statusCode).toBe(200);
    expect(off.body).toContain('Calendar feed');
    expect(off.body).toContain('Turn on and make a link');

    const on = await page.post('/staff/calendar-feed', {});
    expect(on.statusCode).toBe(200);
    expect(on.headers['cache-control']).toBe('no-store');
    const link = /value="(http[^"]+\/calendar\/feeds\/[^"]+\.ics)"/.exec(on.body)?.[1];
    expect(link).toBeDefined();
    expect((await t.app.inject({ method: 'GET', url: new URL(link!).pathname })).statusCode).toBe(200);
    const later = await page.get('/staff/calendar-feed');
    expect(later.body).not.toContain(link!);
    expect(later.body).toContain('Make a new link');

    const again = await page.post('/staff/calendar-feed', {});
    expect(again.body).toContain('Your new calendar link');
    expect((await t.app.inject({ method: 'GET', url: new URL(link!).pathname })).statusCode).toBe(404);

    const disabled = await page.post('/staff/calendar-feed/disable', {});
    expect(disabled.statusCode).toBe(303);
    expect(disabled.headers.location).toBe('/staff/calendar-feed?done=disabled');
    expect((await page.get('/staff/calendar-feed?done=disabled')).body).toContain('The calendar feed is off.');
    expect(await t.db.select().from(calendarFeeds).where(eq(calendarFeeds.staffId, doctor.staffId!))).toEqual([]);
  });
});
