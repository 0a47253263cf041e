// class-transformer's `@Type` metadata, which class-validator-jsonschema documents reading from here
// (the package ships this module's types apart from its code).
// @ts-expect-error -- cjs/storage.js has its declarations in types/storage.d.ts
import { defaultMetadataStorage as typeMetadata } from 'class-transformer/cjs/storage.js';
import type { defaultMetadataStorage as TypeMetadata } from 'class-transformer/types/storage.js';
import { getMetadataStorage } from 'class-validator';
import { validationMetadatasToSchemas } from 'class-validator-jsonschema';
import fc from 'fast-check';

/** The subset of JSON Schema that class-validator-jsonschema writes for our payload classes. */
export interface Schema {
  type?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  $ref?: string;
  enum?: unknown[];
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  oneOf?: Schema[];
  anyOf?: Schema[];
}

const REF = '#/definitions/';

/**
 * JSON Schemas of every class-validator class loaded, by class name, with nested classes as
 * `$ref`s (their `@Type`s read from class-transformer's metadata, as the library documents).
 */
export function payloadSchemas(): Record<string, Schema> {
  return validationMetadatasToSchemas({ classTransformerMetadataStorage: typeMetadata as typeof TypeMetadata, refPointerPrefix: REF }) as Record<string, Schema>;
}

/** Class names that two different validated classes share: their schemas would be confused. */
export function sharedClassNames(): string[] {
  const byName = new Map<string, Set<unknown>>();
  // class-validator keeps its rules in a map keyed by class; it offers no public listing of them.
  const targets = getMetadataStorage()['validationMetadatas'] as Map<{ name?: string }, unknown>;
  for (const target of targets.keys()) {
    if (target.name) byName.set(target.name, (byName.get(target.name) ?? new Set()).add(target));
  }
  return [...byName].filter(([, targets]) => targets.size > 1).map(([name]) => name);
}

/** Formats class-validator checks stricter than the RFCs fast-check follows: generated plainly. */
const FORMATS: Record<string, fc.Arbitrary<string>> = {
  uuid: fc.uuid(),
  email: fc.tuple(fc.stringMatching(/^[a-z][a-z0-9]{0,10}(\.[a-z0-9]{1,5})?$/), fc.constantFrom('example.com', 'clinic.example.org')).map(([user, host]) => `${user}@${host}`),
  date: fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
  'date-time': fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString()),
  uri: fc.tuple(fc.constantFrom('https', 'http'), fc.stringMatching(/^[a-z]{1,10}\.(com|org)$/), fc.stringMatching(/^[a-z0-9]{0,8}$/)).map(([scheme, host, path]) => `${scheme}://${host}/${path}`),
};
FORMATS.url = FORMATS.uri;

/** Values the schema allows: what a producer may put in an event. Small, so thousands run in a second. */
export function validValue(schema: Schema, schemas: Record<string, Schema>): fc.Arbitrary<unknown> {
  if (schema.$ref) return fc.constant(null).chain(() => validValue(resolve(schema.$ref!, schemas), schemas));
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const alternatives = schema.oneOf ?? schema.anyOf;
  if (alternatives) return fc.oneof(...alternatives.map((alternative) => validValue(alternative, schemas)));
  switch (schema.type) {
    case 'string': {
      if (schema.format) {
        const format = FORMATS[schema.format];
        if (!format) throw new Error(`no generator for string format '${schema.format}': teach test/contracts/payload-arbitraries.ts`);
        return format;
      }
      const maxLength = Math.min(schema.maxLength ?? 40, 40);
      const text = schema.pattern ? matching(schema.pattern) : fc.string({ minLength: schema.minLength ?? 0, maxLength });
      return text.filter((s) => s.length >= (schema.minLength ?? 0) && s.length <= (schema.maxLength ?? Infinity));
    }
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -1_000_000, max: schema.maximum ?? 1_000_000 });
    case 'number':
      return fc.double({ min: schema.minimum ?? -1e9, max: schema.maximum ?? 1e9, noNaN: true, noDefaultInfinity: true });
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(validValue(schema.items ?? {}, schemas), { minLength: schema.minItems ?? 0, maxLength: Math.min(schema.maxItems ?? 3, 3) });
    case 'object': {
      if (!schema.properties) return fc.dictionary(fc.stringMatching(/^[a-z]{1,8}$/), fc.oneof(fc.string(), fc.integer(), fc.boolean()), { maxKeys: 3 });
      const fields = Object.fromEntries(Object.entries(schema.properties).map(([name, property]) => [name, validValue(property, schemas)]));
      return fc.record(fields, { requiredKeys: schema.required ?? [] });
    }
    default:
      throw new Error(`no generator for ${JSON.stringify(schema)}: teach test/contracts/payload-arbitraries.ts`);
  }
}

/**
 * Strings matching `pattern`. fast-check cannot generate from lookaheads (e.g. a domain's overall
 * length bound): it generates from the pattern without them and keeps what the whole one matches.
 */
function matching(pattern: string): fc.Arbitrary<string> {
  const whole = new RegExp(pattern);
  const withoutLookaheads = pattern.replace(/\(\?[=!](?:[^()\\]|\\.|\([^()]*\))*\)/g, '');
  return withoutLookaheads === pattern ? fc.stringMatching(whole) : fc.stringMatching(new RegExp(withoutLookaheads)).filter((s) => whole.test(s));
}

/** One way a valid payload is made invalid, and where. */
export interface Defect {
  path: string;
  apply(payload: Record<string, unknown>): Record<string, unknown>;
}

/**
 * Every defect the schema forbids in `value`: each required field missing, and each present field
 * given a value of another JSON type, at any depth. Each is a payload a consumer must refuse.
 */
export function defectsOf(value: unknown, schema: Schema, schemas: Record<string, Schema>, path: string[] = []): Defect[] {
  const resolved = schema.$ref ? resolve(schema.$ref, schemas) : schema;
  const defects: Defect[] = [];
  const wrong = wrongTypeFor(resolved);
  if (path.length && wrong !== undefined) defects.push(edit(path, () => wrong, 'of another type'));
  if (resolved.type === 'object' && resolved.properties && isRecord(value)) {
    for (const name of resolved.required ?? []) defects.push(edit([...path, name], () => undefined, 'missing'));
    for (const [name, property] of Object.entries(resolved.properties)) {
      if (name in value) defects.push(...defectsOf(value[name], property, schemas, [...path, name]));
    }
  }
  if (resolved.type === 'array' && Array.isArray(value)) {
    value.forEach((item, i) => defects.push(...defectsOf(item, resolved.items ?? {}, schemas, [...path, String(i)])));
  }
  return defects;
}

function wrongTypeFor(schema: Schema): unknown {
  const alternatives = schema.oneOf ?? schema.anyOf;
  if (alternatives) {
    const wrongs = alternatives.map(wrongTypeFor);
    return wrongs.every((wrong) => wrong === wrongs[0]) ? wrongs[0] : undefined;
  }
  switch (schema.type) {
    case 'string':
      return 42;
    case 'integer':
    case 'number':
    case 'boolean':
      return 'not-of-this-type';
    case 'array':
      return 'not-an-array';
    case 'object':
      return 42;
    default:
      return undefined;
  }
}

function edit(path: string[], value: () => unknown, what: string): Defect {
  return {
    path: `${path.join('.')} ${what}`,
    apply(payload) {
      const copy = structuredClone(payload);
      let parent: Record<string, unknown> = copy;
      for (const key of path.slice(0, -1)) parent = parent[key] as Record<string, unknown>;
      const last = path.at(-1)!;
      const replacement = value();
      if (replacement === undefined) delete parent[last];
      else parent[last] = replacement;
      return copy;
    },
  };
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function resolve(ref: string, schemas: Record<string, Schema>): Schema {
  const schema = schemas[ref.slice(REF.length)];
  if (!schema) throw new Error(`unknown schema ${ref}`);
  return schema;
}
