import fastJson from 'fast-json-stringify';
import type { FastifySchemaCompiler } from 'fastify';
import { serializerCompiler as zodSerializerCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';

type RouteSchema = Parameters<FastifySchemaCompiler<z.ZodType>>[0];
type Serialize = (data: unknown) => string;

/**
 * Response serialisation compiled once per route from the route's zod response schema, instead of
 * validating every object through zod at run time (a profile of slot search spent over a quarter of
 * its CPU there).
 *
 * The zod schema stays the single source of what is sent: it is turned into JSON Schema and
 * fast-json-stringify writes only the properties that schema declares, so a field a service adds
 * by mistake (PHI included) is still left out, exactly as zod's stripping did. A required property
 * that is missing still fails the response. A schema JSON Schema cannot express (a transform, a
 * custom check) keeps the zod serialiser.
 */
export function compiledSerializerCompiler(route: RouteSchema): Serialize {
  const schema = zodSchemaOf(route.schema);
  if (schema && !compiledOfSchema.has(schema)) {
    const jsonSchema = toSerializableJsonSchema(schema);
    compiledOfSchema.set(schema, jsonSchema ? (fastJson(jsonSchema as never) as Serialize) : null);
  }
  const compiled = schema && compiledOfSchema.get(schema);
  if (compiled) return compiled;
  routesSerialisedByZod.add(`${route.method} ${route.url}`);
  // Not shared: zod's serialiser names its route in the error it throws.
  return zodSerializerCompiler(route) as Serialize;
}

/**
 * One compiled serializer per response schema, however many routes answer with it (null: zod
 * keeps it). Every GET route has a HEAD twin with the same schema, and a compiled serializer keeps
 * its generated source and code for the life of the process: 414 held 6.8 MB of source text at
 * idle, most of them compiled twice from one schema (222 once each).
 */
const compiledOfSchema = new WeakMap<z.ZodType, Serialize | null>();

/** Routes whose response schema could not be compiled (kept on zod), for the test that keeps this list short. */
export const routesSerialisedByZod = new Set<string>();

function zodSchemaOf(maybe: unknown): z.ZodType | undefined {
  if (maybe instanceof z.ZodType) return maybe;
  if (maybe && typeof maybe === 'object' && 'properties' in maybe && maybe.properties instanceof z.ZodType) return maybe.properties;
  return undefined;
}

/** The schema as JSON Schema (draft 7, the output side), or undefined when zod cannot express it. */
export function toSerializableJsonSchema(schema: z.ZodType): Record<string, unknown> | undefined {
  let representable = true;
  const json = z.toJSONSchema(schema, {
    io: 'output',
    target: 'draft-7',
    unrepresentable: 'any',
    cycles: 'ref',
    reused: 'inline',
    override: (ctx) => {
      const type: string = ctx.zodSchema._zod.def.type;
      // Services return Date objects where a time is sent; JSON carries them as ISO 8601 text.
      if (type === 'date') Object.assign(ctx.jsonSchema, { type: 'string', format: 'date-time' });
      else if (UNREPRESENTABLE.has(type)) representable = false;
    },
  });
  return representable ? (simplifyNullable(json) as Record<string, unknown>) : undefined;
}

/** zod types whose output JSON Schema cannot describe (the zod serialiser keeps them). */
const UNREPRESENTABLE = new Set(['bigint', 'symbol', 'void', 'map', 'set', 'transform', 'nan', 'custom', 'function', 'promise']);

/**
 * Drops `additionalProperties: false` (see below), and turns `anyOf: [X, {type: 'null'}]` (zod's nullable) becomes `type: [X.type, 'null']` where X is a plain
 * typed schema: fast-json-stringify then writes the value directly instead of validating which
 * branch it matches.
 */
function simplifyNullable(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(simplifyNullable);
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    // Undeclared properties are never written anyway; `false` would only make a union branch fail
    // to match an object that carries an extra field, instead of leaving the field out.
    if (key === 'additionalProperties' && value === false) continue;
    out[key] = simplifyNullable(value);
  }
  const anyOf = out.anyOf as Record<string, unknown>[] | undefined;
  if (Array.isArray(anyOf) && anyOf.length === 2) {
    const nullIndex = anyOf.findIndex((branch) => branch.type === 'null' && Object.keys(branch).length === 1);
    const other = anyOf[1 - nullIndex];
    if (nullIndex !== -1 && other && typeof other.type === 'string' && other.type !== 'object' && other.type !== 'array') {
      const { anyOf: _anyOf, ...rest } = out;
      return { ...rest, ...other, type: [other.type, 'null'] };
    }
  }
  return out;
}
