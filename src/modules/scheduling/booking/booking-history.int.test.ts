import { describe, expect, it } from 'vitest';
import { api, useTestApp } from '../../../../test/helpers/app.js';
import { issueSession } from '../../../platform/auth/session.service.js';
import { sessionCookieName } from '../../../platform/http/cookies.js';
import { createAccount } from '../../../../test/helpers/actors.js';
import { PageSession } from '../../../../test/helpers/browser.js';
import { bookAs, openClinic } from '../reminders/reminders-test-support.js';

/** The part of the page between one section's id and the next section (or the end). */
function section(body: string, id: string): string {
  const start = body.indexOf(`id="${id}"`);
  if (start < 0) return '';
  const next = body.indexOf('<section class="card" id="', start + 1);
  return body.slice(start, next < 0 ? undefined : next);
}

describe('appointment history: cancelled ones stay, past ones move by the clock', () => {
  const t = useTestApp();

  it('a cancelled appointment stays visible, labelled; a visit moves to Past once its end has passed, with no job', async () => {
    const { doctor, followUp } = await openClinic(t);
    const patient = await createAccount(t, { role: 'patient' });
    // The clock is 2026-11-27 09:00 UTC.
    const today = await bookAs(t, patient, { staffId: doctor.staffId, visitTypeId: followUp, startsAt: '2026-11-27T14:00:00Z' });
    const later = await bookAs(t, patient, { staffId: doctor.staffId, visitTypeId: followUp, startsAt: '2026-12-03T09:00:00Z' });
    const cancel = await api(t, 'POST', `/api/v1/appointments/${later.id}/cancel`, {
      token: patient.token,
      body: {},
      headers: { 'if-match': `"${later.version}"` },
    });
    expect(cancel.statusCode).toBe(200);

    // A fresh sign-in each time the clock moves (sessions time out when idle).
    const listPage = async () => {
      const session = await issueSession(t.db, {
        userId: patient.userId,
        kind: 'browser',
        ip: null,
        userAgent: 'vitest',
        now: t.clock.now(),
      });
      const res = await new PageSession(t, `${sessionCookieName(t.config)}=${session.token}`).get('/portal/appointments');
      expect(res.statusCode).toBe(200);
      return res.body;
    };
    const before = await listPage();
    expect(section(before, 'upcoming')).toContain(`appointment-${today.id}`);
    expect(section(before, 'upcoming')).not.toContain(`appointment-${later.id}`);
    const cancelled = section(before, 'cancelled');
    expect(cancelled).toContain(`appointment-${later.id}`);
    expect(cancelled).toContain('Cancelled');
    // No reschedule or cancel on a cancelled appointment.
    expect(cancelled).not.toContain(`/portal/appointments/${later.id}/reschedule`);
    expect(section(before, 'past')).not.toContain(`appointment-${today.id}`);

    // 14:15 passes: the visit is in Past, without any status change.
    t.clock.advance(5.5 * 3_600_000);
    const after = await listPage();
    expect(section(after, 'upcoming')).not.toContain(`appointment-${today.id}`);
    expect(section(after, 'past')).toContain(`appointment-${today.id}`);
    expect(section(after, 'cancelled')).toContain(`appointment-${later.id}`);

    // Once its time has passed too, the cancelled one is in Past, still labelled.
    t.clock.advance(7 * 86_400_000);
    const week = await listPage();
    expect(section(week, 'cancelled')).toBe('');
    expect(section(week, 'past')).toContain(`appointment-${later.id}`);
    expect(section(week, 'past')).toContain('Cancelled');
  });
});
