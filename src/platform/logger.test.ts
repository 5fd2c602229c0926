import { describe, expect, it } from 'vitest';
import { createLogger, formatLogEntry, isQuietRequest, logFormatFor, loggableUrl } from './logger.js';

/** Collects what a logger writes, one string per line. */
function sink() {
  const lines: string[] = [];
  return { lines, write: (text: string) => void lines.push(...text.split('\n').filter(Boolean)) };
}

describe('development log lines', () => {
  it('prints a request as one readable line: time, method, path, status, milliseconds', () => {
    const out = sink();
    const logger = createLogger('info', out, 'readable');
    logger.info(
      { method: 'GET', url: loggableUrl('/staff/patients?query=Smith'), route: '/staff/patients', status: 200, ms: 12 },
      'request',
    );
    expect(out.lines).toHaveLength(1);
    expect(out.lines[0]).toMatch(/^\d\d:\d\d:\d\d GET \/staff\/patients\?\[redacted\] 200 12 ms$/);
    expect(out.lines[0]).not.toContain('Smith');
  });

  it('prints other entries with their level, message and fields, and an error with its stack', () => {
    const out = sink();
    const logger = createLogger('info', out, 'readable');
    logger.warn({ jobId: 'j1' }, 'job retried');
    logger.error({ err: new Error('boom') }, 'delivery failed');
    expect(out.lines[0]).toMatch(/^\d\d:\d\d:\d\d WARN job retried jobId=j1$/);
    expect(out.lines[1]).toMatch(/ERROR delivery failed$/);
    expect(out.lines[2]).toBe('Error: boom');
  });

  it('still redacts PHI fields in readable lines', () => {
    const out = sink();
    createLogger('info', out, 'readable').info({ patient: { givenName: 'Ana' } }, 'imported');
    expect(out.lines[0]).toContain('[redacted]');
    expect(out.lines[0]).not.toContain('Ana');
  });

  it('keeps JSON in production', () => {
    expect(logFormatFor('production')).toBe('json');
    expect(logFormatFor('development')).toBe('readable');
    const out = sink();
    createLogger('info', out, logFormatFor('production')).info({ method: 'GET', url: '/x', status: 200, ms: 1 }, 'request');
    expect(JSON.parse(out.lines[0]!)).toMatchObject({ msg: 'request', method: 'GET', url: '/x', service: 'carewell' });
  });

  it('passes a line that is not JSON through unchanged', () => {
    expect(formatLogEntry('plain text')).toBe('plain text');
  });

  it('silences health checks and static assets, not pages or the API', () => {
    expect(isQuietRequest('/healthz')).toBe(true);
    expect(isQuietRequest('/readyz?x=1')).toBe(true);
    expect(isQuietRequest('/assets/app.css')).toBe(true);
    expect(isQuietRequest('/staff')).toBe(false);
    expect(isQuietRequest('/api/patients')).toBe(false);
    expect(isQuietRequest('/healthzz')).toBe(false);
  });
});
