import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../config.js';

describe('delivery configuration', () => {
  it('runs workers in-process and captures e-mail and SMS by default', () => {
    expect(loadConfig({})).toMatchObject({
      runWorkers: true,
      smtp: undefined,
      sms: undefined,
      vapid: undefined,
      outboxMaxAttempts: 8,
      outboxPollSeconds: 10,
    });
    expect(loadConfig({ RUN_WORKERS: 'false' }).runWorkers).toBe(false);
  });

  it('turns a transport on only when it is configured completely, and names what is missing', () => {
    const config = loadConfig({
      SMTP_URL: 'smtps://user:pw@mail.hospital.test:465',
      SMTP_FROM: 'Carewell <no-reply@hospital.test>',
      SMS_API_URL: 'https://api.sms.test/',
      SMS_ACCOUNT_SID: 'AC1',
      SMS_AUTH_TOKEN: 'tok',
      SMS_FROM: '+15550000',
    });
    expect(config.smtp).toEqual({ url: 'smtps://user:pw@mail.hospital.test:465', from: 'Carewell <no-reply@hospital.test>' });
    expect(config.sms).toEqual({ apiUrl: 'https://api.sms.test', accountSid: 'AC1', authToken: 'tok', from: '+15550000' });
    try {
      loadConfig({
        SMTP_URL: 'smtp://mail.hospital.test',
        SMS_API_URL: 'https://api.sms.test',
        SMS_FROM: '+1555',
        VAPID_PUBLIC_KEY: 'B'.repeat(87),
      });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const text = (error as ConfigError).problems.join('\n');
      expect(text).toMatch(/SMTP_FROM: required/);
      expect(text).toMatch(/SMS_ACCOUNT_SID: required/);
      expect(text).toMatch(/SMS_AUTH_TOKEN: required/);
      expect(text).not.toMatch(/SMS_FROM/);
      expect(text).toMatch(/VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY: set both/);
    }
    expect(() => loadConfig({ SMTP_URL: 'http://mail.hospital.test' })).toThrow(/SMTP_URL: must be an smtp/);
  });
});
