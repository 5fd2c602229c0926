import { describe, expect, it } from 'vitest';
import { loggableUrl } from '../../../platform/logger.js';
import { buildCalendar, foldLine, icsText, icsUtc } from './services/calendar-ics.service.js';

describe('iCalendar text', () => {
  it('folds a content line at 75 octets, never inside a UTF-8 character, continuing with a space', () => {
    const line = `SUMMARY:${'é'.repeat(50)}${'ع'.repeat(30)}${'😀'.repeat(10)}`;
    const folded = foldLine(line);
    const parts = folded.split('\r\n');
    expect(parts.length).toBeGreaterThan(2);
    for (const part of parts) expect(Buffer.byteLength(part, 'utf8')).toBeLessThanOrEqual(75);
    for (const part of parts.slice(1)) expect(part.startsWith(' ')).toBe(true);
    expect(parts.map((p, i) => (i === 0 ? p : p.slice(1))).join('')).toBe(line);
    expect(folded).not.toContain('\uFFFD');
    expect(foldLine('SUMMARY:short')).toBe('SUMMARY:short');
    const exactly75 = `X:${'a'.repeat(73)}`;
    expect(foldLine(exactly75)).toBe(exactly75);
    expect(foldLine(`${exactly75}b`)).toBe(`${exactly75}\r\n b`);
  });

  it('escapes text values and writes instants in UTC', () => {
    expect(icsText('Room 1, wing B; floor 2\\3\nback')).toBe('Room 1\\, wing B\\; floor 2\\\\3\\nback');
    expect(icsUtc(new Date('2026-03-29T01:30:00+01:00'))).toBe('20260329T003000Z');
  });

  it('builds a calendar of events with CRLF line endings', () => {
    const text = buildCalendar(
      [
        {
          uid: 'a@carewell',
          start: new Date('2026-12-01T09:00:00Z'),
          end: new Date('2026-12-01T09:15:00Z'),
          summary: 'Appointment',
          status: 'CONFIRMED',
          sequence: 2,
        },
      ],
      {
        now: new Date('2026-11-27T09:00:00Z'),
        name: 'Carewell',
      },
    );
    expect(text.split('\r\n')).toEqual([
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//Carewell//Appointments//EN',
      'CALSCALE:GREGORIAN',
      'METHOD:PUBLISH',
      'X-WR-CALNAME:Carewell',
      'BEGIN:VEVENT',
      'UID:a@carewell',
      'DTSTAMP:20261127T090000Z',
      'DTSTART:20261201T090000Z',
      'DTEND:20261201T091500Z',
      'SUMMARY:Appointment',
      'STATUS:CONFIRMED',
      'SEQUENCE:2',
      'END:VEVENT',
      'END:VCALENDAR',
      '',
    ]);
  });
});

describe('loggableUrl', () => {
  it('never logs a calendar feed token in the path, nor any query string', () => {
    const token = 'k3Jd9_aZ-0123456789abcdefghijklmnopqrstuvwx';
    expect(loggableUrl(`/calendar/feeds/${token}.ics`)).toBe('/calendar/feeds/[redacted]');
    expect(loggableUrl(`/calendar/feeds/${token}.ics/`)).toBe('/calendar/feeds/[redacted]');
    expect(loggableUrl(`/calendar/feeds/${token}.ics?x=1`)).toBe('/calendar/feeds/[redacted]?[redacted]');
    expect(loggableUrl(`/Calendar/Feeds/${token}.ics`)).not.toContain(token);
    expect(loggableUrl('/api/v1/appointments/5/calendar.ics')).toBe('/api/v1/appointments/5/calendar.ics');
    expect(loggableUrl('/staff/patients?q=Smith')).toBe('/staff/patients?[redacted]');
  });
});
