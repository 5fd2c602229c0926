import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { compiledSerializerCompiler } from './response-serializer.js';

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
});
