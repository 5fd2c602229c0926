import { describe, expect, it, vi } from 'vitest';
import { createLogger, formatLogEntry, isQuietRequest, lazyRequestLogger, logFormatFor, loggableUrl, requestLineLogger } from './logger.js';

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

describe('a request’s logger', () => {
  it('is made only when the request logs at a level that is on, with its request id, still redacted', () => {
    const out = sink();
    const root = createLogger('warn', out, 'json');
    const makeChild = vi.spyOn(root, 'child');
    const log = lazyRequestLogger(root, { reqId: 'req-1' });
    log.info({ step: 1 }, 'below the level');
    log.debug('below the level');
    expect(makeChild).not.toHaveBeenCalled();
    expect(out.lines).toEqual([]);
    expect(log.level).toBe('warn');
    log.warn({ patient: { givenName: 'Ana' } }, 'retried');
    log.error('failed');
    expect(makeChild).toHaveBeenCalledTimes(1);
    const [warned, failed] = out.lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(warned).toMatchObject({ reqId: 'req-1', msg: 'retried', level: 40, patient: { givenName: '[redacted]' } });
    expect(failed).toMatchObject({ reqId: 'req-1', msg: 'failed', level: 50 });
    // A level set on the request's logger is its own: debug now shows, the parent's stays warn.
    log.level = 'debug';
    log.debug('now shown');
    expect(JSON.parse(out.lines[2]!)).toMatchObject({ reqId: 'req-1', msg: 'now shown', level: 20 });
    expect(root.level).toBe('warn');
  });

  it('a route’s own level makes the child at once, at that level', () => {
    const out = sink();
    const root = createLogger('warn', out, 'json');
    const log = lazyRequestLogger(root, { reqId: 'req-2' }, { level: 'info' });
    log.info('route at info');
    expect(JSON.parse(out.lines[0]!)).toMatchObject({ reqId: 'req-2', msg: 'route at info' });
  });

  it('writes the request line as before: its fields and the request id, in JSON and readable', () => {
    const json = sink();
    const fields = {
      reqId: 'req-3',
      method: 'GET',
      url: loggableUrl('/staff/patients?query=Smith'),
      route: '/staff/patients',
      status: 200,
      ms: 4,
    };
    requestLineLogger(createLogger('info', json, 'json')).info(fields, 'request');
    expect(JSON.parse(json.lines[0]!)).toMatchObject({ ...fields, msg: 'request', service: 'carewell' });
    expect(json.lines[0]).not.toContain('Smith');
    const readable = sink();
    requestLineLogger(createLogger('info', readable, 'readable')).info(fields, 'request');
    expect(readable.lines[0]).toMatch(/^\d\d:\d\d:\d\d GET \/staff\/patients\?\[redacted\] 200 4 ms$/);
  });
});
