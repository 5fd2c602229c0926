import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('starts with defaults on an empty environment: embedded database, demo mode on', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      host: 'localhost',
      databaseUrl: undefined,
      demoMode: true,
      secureCookies: false,
      publicUrl: 'http://localhost:3000',
    });
  });

  it('names every bad variable with what it must be', () => {
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud', PUBLIC_URL: 'not a url' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const text = (error as ConfigError).problems.join('\n');
      expect(text).toMatch(/PORT/);
      expect(text).toMatch(/DATABASE_URL: must be a postgres/);
      expect(text).toMatch(/LOG_LEVEL/);
      expect(text).toMatch(/PUBLIC_URL/);
    }
  });

  it('takes the hospital zone and the minimum notice, and names a bad zone', () => {
    expect(loadConfig({}).hospitalTimeZone).toBe('UTC');
    expect(loadConfig({}).bookingMinNoticeMinutes).toBe(60);
    const config = loadConfig({ HOSPITAL_TIME_ZONE: 'Europe/Paris', BOOKING_MIN_NOTICE_MINUTES: '0' });
    expect([config.hospitalTimeZone, config.bookingMinNoticeMinutes]).toEqual(['Europe/Paris', 0]);
    expect(() => loadConfig({ HOSPITAL_TIME_ZONE: 'Paris' })).toThrow(/HOSPITAL_TIME_ZONE: must be an IANA time zone/);
  });

  it('never runs demo accounts in production, and refuses to be asked to', () => {
    expect(loadConfig({ NODE_ENV: 'production' }).demoMode).toBe(false);
    expect(() => loadConfig({ NODE_ENV: 'production', DEMO_SEED: 'true' })).toThrow(/never allowed/);
  });

  it('uses secure cookies whenever the public URL is https', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://carewell.example.org/' })).toMatchObject({
      secureCookies: true,
      publicUrl: 'https://carewell.example.org',
    });
  });
});
