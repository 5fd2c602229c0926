import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../platform/config.js';
import { iceServersFor, turnCredentials } from './ice-servers.js';

const SECRET = 'turn-shared-secret-for-tests-0123456789';
const NOW = new Date('2026-11-27T09:00:00Z');
const USER = '7d0c3f1e-4a65-4f7e-9d55-3b7f0b2f9e01';

describe('TURN REST credentials', () => {
  it('names the expiry and the user, and signs the username with HMAC-SHA1 of the shared secret', () => {
    const { username, credential, expiresAt } = turnCredentials(SECRET, USER, NOW, 3600);
    expect(username).toBe(`${NOW.getTime() / 1000 + 3600}:${USER}`);
    expect(expiresAt.toISOString()).toBe('2026-11-27T10:00:00.000Z');
    expect(credential).toBe(createHmac('sha1', SECRET).update(username).digest('base64'));
    expect(Buffer.from(credential, 'base64')).toHaveLength(20);
  });

  it('expires from the injected clock: a later clock gives a later expiry and another credential', () => {
    const first = turnCredentials(SECRET, USER, NOW, 600);
    const later = turnCredentials(SECRET, USER, new Date(NOW.getTime() + 60_000), 600);
    expect(Number(later.username.split(':')[0]) - Number(first.username.split(':')[0])).toBe(60);
    expect(later.credential).not.toBe(first.credential);
    // Whole seconds: a clock with milliseconds is rounded down.
    expect(turnCredentials(SECRET, USER, new Date(NOW.getTime() + 999), 600).username).toBe(first.username);
  });

  it('another secret or user gives another credential', () => {
    const base = turnCredentials(SECRET, USER, NOW, 3600).credential;
    expect(turnCredentials(`${SECRET}x`, USER, NOW, 3600).credential).not.toBe(base);
    expect(turnCredentials(SECRET, 'someone-else', NOW, 3600).credential).not.toBe(base);
  });
});

describe('ICE servers from configuration', () => {
  const env = { NODE_ENV: 'test' as const };

  it('offers nothing by default (host candidates only), and TURN only with its secret', () => {
    const none = loadConfig(env);
    expect(none.telemedicine).toMatchObject({ stunUrls: [], turnUrls: [], turnTtlSeconds: 3600, joinOpensMinutes: 10 });
    expect(iceServersFor(none.telemedicine, USER, NOW)).toEqual({ iceServers: [], expiresAt: null });
    expect(() => loadConfig({ ...env, TELEMEDICINE_TURN_URLS: 'turn:turn.example.org:3478' })).toThrow(/TELEMEDICINE_TURN_SECRET/);
  });

  it('gives STUN as is and TURN with short-lived credentials that expire after the configured lifetime', () => {
    const config = loadConfig({
      ...env,
      TELEMEDICINE_STUN_URLS: 'stun:stun.example.org:3478',
      TELEMEDICINE_TURN_URLS: 'turn:turn.example.org:3478?transport=udp, turns:turn.example.org:5349',
      TELEMEDICINE_TURN_SECRET: SECRET,
      TELEMEDICINE_TURN_TTL_SECONDS: '900',
    }).telemedicine;
    const { iceServers, expiresAt } = iceServersFor(config, USER, NOW);
    expect(iceServers[0]).toEqual({ urls: ['stun:stun.example.org:3478'] });
    expect(iceServers[1]!.urls).toEqual(['turn:turn.example.org:3478?transport=udp', 'turns:turn.example.org:5349']);
    expect(iceServers[1]!.username).toMatch(new RegExp(`^\\d+:${USER}$`));
    expect(expiresAt!.getTime() - NOW.getTime()).toBe(900_000);
    expect(JSON.stringify(iceServers)).not.toContain(SECRET);
  });

  it('refuses URLs of the wrong scheme and lifetimes out of range, naming the variable', () => {
    expect(() => loadConfig({ ...env, TELEMEDICINE_STUN_URLS: 'https://stun.example.org' })).toThrow(/TELEMEDICINE_STUN_URLS/);
    expect(() => loadConfig({ ...env, TELEMEDICINE_TURN_TTL_SECONDS: '10' })).toThrow(/TELEMEDICINE_TURN_TTL_SECONDS/);
    expect(() => loadConfig({ ...env, TELEMEDICINE_JOIN_OPENS_MINUTES: '-1' })).toThrow(/TELEMEDICINE_JOIN_OPENS_MINUTES/);
  });
});
