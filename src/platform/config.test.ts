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

  it('leaves the HL7 listener off without a port, and binds to 127.0.0.1 for loopback senders by default', () => {
    expect(loadConfig({}).hl7Inbound).toBeUndefined();
    expect(loadConfig({ HL7_MLLP_PORT: '2575', HL7_SENDERS: 'LIS^CITYLAB, LAB2^NORTH' }).hl7Inbound).toEqual({
      port: 2575,
      host: '127.0.0.1',
      senders: [
        { application: 'LIS', facility: 'CITYLAB' },
        { application: 'LAB2', facility: 'NORTH' },
      ],
      allowedAddresses: ['127.0.0.1', '::1'],
      tls: undefined,
    });
    expect(
      loadConfig({
        HL7_MLLP_PORT: '2575',
        HL7_MLLP_HOST: '0.0.0.0',
        HL7_SENDERS: 'LIS^CITYLAB',
        HL7_ALLOWED_ADDRESSES: '10.1.2.3, fd00::7',
        HL7_TLS_CERT_FILE: '/etc/carewell/hl7.crt',
        HL7_TLS_KEY_FILE: '/etc/carewell/hl7.key',
      }).hl7Inbound,
    ).toMatchObject({
      host: '0.0.0.0',
      allowedAddresses: ['10.1.2.3', 'fd00::7'],
      tls: { certFile: '/etc/carewell/hl7.crt', keyFile: '/etc/carewell/hl7.key' },
    });
  });

  it('keeps HL7 orders captured until a laboratory is configured, and names a half-configured one', () => {
    expect(loadConfig({}).hl7Outbound).toEqual({
      destination: undefined,
      ackTimeoutSeconds: 30,
      sender: { application: 'CAREWELL', facility: 'CAREWELL' },
      receiver: { application: 'LIS', facility: 'OUTSIDELAB' },
    });
    expect(
      loadConfig({
        HL7_OUTBOUND_HOST: 'lab.example.org',
        HL7_OUTBOUND_PORT: '2575',
        HL7_OUTBOUND_TLS: 'true',
        HL7_OUTBOUND_RECEIVER: 'LIS^CITYLAB',
      }).hl7Outbound,
    ).toMatchObject({
      destination: { host: 'lab.example.org', port: 2575, tls: true },
      receiver: { application: 'LIS', facility: 'CITYLAB' },
    });
    expect(() => loadConfig({ HL7_OUTBOUND_HOST: 'lab.example.org' })).toThrow(/HL7_OUTBOUND_HOST, HL7_OUTBOUND_PORT: set both/);
    expect(() => loadConfig({ HL7_OUTBOUND_RECEIVER: 'CITYLAB' })).toThrow(/HL7_OUTBOUND_RECEIVER: must be APPLICATION\^FACILITY/);
  });

  it('names each HL7 listener mistake: no senders, a bad sender or address, half a TLS pair', () => {
    const problems = (env: Record<string, string>) => {
      try {
        loadConfig(env);
        return '';
      } catch (error) {
        return (error as ConfigError).problems.join('\n');
      }
    };
    expect(problems({ HL7_MLLP_PORT: '2575' })).toMatch(/HL7_SENDERS: required when HL7_MLLP_PORT is set/);
    expect(problems({ HL7_MLLP_PORT: 'x', HL7_SENDERS: 'LIS' })).toMatch(
      /HL7_MLLP_PORT: must be a port number[\s\S]*HL7_SENDERS.*APPLICATION\^FACILITY/,
    );
    expect(problems({ HL7_ALLOWED_ADDRESSES: '10.0.0.0/8' })).toMatch(/HL7_ALLOWED_ADDRESSES.*IPv4 or IPv6/);
    expect(problems({ HL7_TLS_CERT_FILE: '/x.crt' })).toMatch(/HL7_TLS_CERT_FILE, HL7_TLS_KEY_FILE: set both/);
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
    // Production must name its payment provider's secrets (the test gateway's development secret is refused there).
    const stripe = {
      PAYMENT_PROVIDER: 'stripe',
      STRIPE_SECRET_KEY: 'sk_live_x1',
      STRIPE_PUBLISHABLE_KEY: 'pk_live_x1',
      STRIPE_WEBHOOK_SECRET: 'whsec_x1',
    };
    expect(loadConfig({ NODE_ENV: 'production', ...stripe }).demoMode).toBe(false);
    expect(() => loadConfig({ NODE_ENV: 'production', ...stripe, DEMO_SEED: 'true' })).toThrow(/never allowed/);
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/TEST_GATEWAY_WEBHOOK_SECRET/);
  });

  it('takes PAYMENT_PROVIDER=none in production without any payment secret; the default stays the test gateway', () => {
    expect(loadConfig({ NODE_ENV: 'production', PAYMENT_PROVIDER: 'none' }).payments).toEqual({ provider: 'none' });
    expect(loadConfig({}).payments.provider).toBe('test');
    expect(() => loadConfig({ PAYMENT_PROVIDER: 'paypal' })).toThrow(/must be none, test or stripe/);
  });

  it('uses secure cookies whenever the public URL is https', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://carewell.example.org/' })).toMatchObject({
      secureCookies: true,
      publicUrl: 'https://carewell.example.org',
    });
  });
});
