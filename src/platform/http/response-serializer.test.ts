import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { compiledSerializerCompiler, routesSerialisedByZod } from './response-serializer.js';

function serializerFor(schema: z.ZodType) {
  return compiledSerializerCompiler({ schema, method: 'GET', url: '/test', httpStatus: '200' });
}

describe('compiled response serialisation', () => {
  const person = z.object({
    id: z.uuid(),
    name: z.string(),
    seenAt: z.date(),
    closedAt: z.date().nullable(),
    nickname: z.string().nullable(),
    birthDate: z.iso.date().nullable(),
    tags: z.array(z.object({ code: z.enum(['a', 'b']), at: z.iso.datetime() })),
    counts: z.record(z.string(), z.number().int()),
    contact: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('phone'), number: z.string() }),
      z.object({ kind: z.literal('email'), address: z.string() }),
    ]),
  });
  const good = {
    id: '0b6f4a55-3bb8-4f0e-9a35-0d0a1a0a0a0a',
    name: 'Ada',
    seenAt: '2026-03-04T05:06:07.000Z',
    closedAt: null,
    nickname: null,
    birthDate: '1990-01-02',
    tags: [{ code: 'a', at: '2026-01-02T03:04:05.000Z' }],
    counts: { x: 2 },
    contact: { kind: 'email', address: 'ada@example.test' },
  };

  it('writes Date objects as ISO 8601 text, as JSON.stringify did', () => {
    const withDates = { ...good, seenAt: new Date('2026-03-04T05:06:07Z'), closedAt: new Date('2026-03-05T00:00:00Z') };
    expect(JSON.parse(serializerFor(person)(withDates))).toEqual({ ...good, closedAt: '2026-03-05T00:00:00.000Z' });
  });

  it('writes what the schema declares, exactly as zod would', () => {
    expect(JSON.parse(serializerFor(person)(good))).toEqual(good);
    expect(JSON.parse(serializerFor(z.array(person))([good, good]))).toEqual([good, good]);
  });

  it('leaves out every field the schema does not declare, at any depth', () => {
    const leaky = {
      ...good,
      healthStatus: 'secret',
      tags: [{ ...good.tags[0], note: 'secret' }],
      contact: { ...good.contact, password: 'secret' },
    };
    const out = serializerFor(person)(leaky);
    expect(out).not.toContain('secret');
    expect(JSON.parse(out)).toEqual(good);
  });

  it('fails the response when a required field is missing', () => {
    const { name: _name, ...missing } = good;
    expect(() => serializerFor(person)(missing)).toThrow();
  });

  it('keeps zod for a schema JSON Schema cannot express', () => {
    const transformed = z.object({ n: z.string().transform((s) => s.length) });
    const serialize = serializerFor(transformed);
    expect(typeof serialize).toBe('function');
  });

  it('compiles a schema once however many routes answer with it (a GET and its HEAD twin)', () => {
    const shared = z.object({ id: z.uuid(), name: z.string() });
    const get = compiledSerializerCompiler({ schema: shared, method: 'GET', url: '/shared', httpStatus: '200' });
    const head = compiledSerializerCompiler({ schema: shared, method: 'HEAD', url: '/shared', httpStatus: '200' });
    expect(head).toBe(get);
    const alike = z.object({ id: z.uuid(), name: z.string() });
    expect(serializerFor(alike)).not.toBe(get);
    expect(JSON.parse(head({ id: good.id, name: 'Ada', secret: 'x' }))).toEqual({ id: good.id, name: 'Ada' });
  });

  it('gives each route on zod its own serialiser, which names that route when it fails, and lists every one', () => {
    const checked = z.object({ n: z.custom<string>((value) => typeof value === 'string') });
    const first = compiledSerializerCompiler({ schema: checked, method: 'GET', url: '/first', httpStatus: '200' });
    const second = compiledSerializerCompiler({ schema: checked, method: 'GET', url: '/second', httpStatus: '200' });
    expect(second).not.toBe(first);
    expect(() => second({ n: 5 })).toThrow(expect.objectContaining({ method: 'GET', url: '/second' }));
    expect([...routesSerialisedByZod]).toEqual(expect.arrayContaining(['GET /first', 'GET /second']));
  });
});
