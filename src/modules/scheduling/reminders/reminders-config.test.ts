import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../platform/config.js';

describe('APPOINTMENT_REMINDER_OFFSETS', () => {
  it('defaults to 24 hours and 2 hours before, in minutes, largest first', () => {
    expect(loadConfig({}).appointmentReminderOffsetsMinutes).toEqual([1440, 120]);
  });

  it('reads minutes, hours and days in any order, without duplicates; "none" turns reminders off', () => {
    expect(loadConfig({ APPOINTMENT_REMINDER_OFFSETS: '90m, 2d,24h,1440m' }).appointmentReminderOffsetsMinutes).toEqual([2880, 1440, 90]);
    expect(loadConfig({ APPOINTMENT_REMINDER_OFFSETS: 'none' }).appointmentReminderOffsetsMinutes).toEqual([]);
    expect(loadConfig({ APPOINTMENT_REMINDER_OFFSETS: '30d' }).appointmentReminderOffsetsMinutes).toEqual([43_200]);
  });

  it('names the variable and what it must be when it is wrong', () => {
    for (const [value, message] of [
      ['24', /APPOINTMENT_REMINDER_OFFSETS.*m, h or d/],
      ['2 h', /APPOINTMENT_REMINDER_OFFSETS.*m, h or d/],
      ['0h', /APPOINTMENT_REMINDER_OFFSETS.*m, h or d/],
      ['-2h', /APPOINTMENT_REMINDER_OFFSETS.*m, h or d/],
      ['31d', /APPOINTMENT_REMINDER_OFFSETS.*at most 30 days/],
    ] as const) {
      try {
        loadConfig({ APPOINTMENT_REMINDER_OFFSETS: value });
        expect.unreachable(value);
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        expect((error as ConfigError).problems.join('\n')).toMatch(message);
      }
    }
  });
});
