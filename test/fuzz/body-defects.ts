import fc from 'fast-check';
import { invalidUtf8, Members, nested, Raw } from './hostile-json.js';
import { exampleOf, fieldName, type Schema, type Slot, slotsOf } from './openapi-routes.js';

/** A request body with one defect, and what a 400 for it must name (when it can name a field). */
export interface BodyDefect {
  defect: string;
  body: unknown;
  /** 413 rather than 400: the body is over the gateway's size limit. */
  oversized?: boolean;
  names?: string;
}

/** Over MAX_BODY_BYTES' default (1 MiB). */
const OVERSIZED_BYTES = 1_100_000;

const depth = fc.oneof(fc.integer({ min: 33, max: 300 }), fc.constantFrom(1_000, 5_000, 10_000, 20_000));

/** The value of `root` with the value at `path` replaced by `change` of it (undefined: removed). */
function replaceAt(root: unknown, path: Slot['path'], change: (value: unknown) => unknown): unknown {
  if (path.length === 0) return change(root);
  const [head, ...rest] = path;
  const copy = (Array.isArray(root) ? [...root] : { ...(root as object) }) as Record<string | number, unknown>;
  const next = replaceAt(copy[head], rest, change);
  if (next === undefined) delete copy[head];
  else copy[head] = next;
  return copy;
}

/** The last property name on the path: what any way of naming the field contains. */
const leaf = (path: Slot['path']): string | undefined => path.filter((part): part is string => typeof part === 'string').pop();

function wrongTypes(slot: Slot): unknown[] {
  const absent = slot.optional ? [] : [null];
  const numbers = [42, -1, new Raw('1e309', () => Buffer.from('1e309')), new Raw('-0', () => Buffer.from('-0'))];
  switch (slot.schema.type) {
    case 'object':
      return [[], [[]], 'x', true, ...numbers, ...absent];
    case 'array':
      return ['x', {}, true, ...numbers, ...absent];
    case 'integer':
    case 'number':
      // Numbers of its own type may be valid: only what is no finite number is wrong here.
      return [true, {}, [], ['x'], 'x', '1', numbers[2], ...absent];
    default:
      return [true, {}, [], ['x'], ...numbers, ...absent];
  }
}

function textDefects(slot: Slot, example: string): fc.Arbitrary<BodyDefect>[] {
  const at = fc.nat({ max: example.length });
  const insert = (text: string) => at.map((i) => example.slice(0, i) + text + example.slice(i));
  const names = leaf(slot.path);
  return [
    fc.tuple(at, fc.constantFrom('\u0000', '\ud800', '\udfff', 'a\udc00b', '\ud83d')).map(([i, text]) => ({
      defect: `${JSON.stringify(text)} in ${fieldName(slot.path)}`,
      body: example.slice(0, i) + text + example.slice(i),
      names,
    })),
    fc.constantFrom<number[]>([0xff], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0xe2, 0x82], [0x00]).map((bytes) => ({
      defect: `raw bytes in ${fieldName(slot.path)}`,
      body: invalidUtf8(example, bytes),
    })),
    fc.integer({ min: 1, max: 50_000 }).map((extra) => ({
      defect: `${fieldName(slot.path)} over its length`,
      body: example + 'a'.repeat((slot.schema.maxLength ?? 10_000) + extra),
      names,
    })),
    insert('\u0007\u001b[2J').map((body) => ({ defect: `control characters in ${fieldName(slot.path)}`, body, names })),
  ];
}

function arrayDefects(slot: Slot, example: unknown[]): fc.Arbitrary<BodyDefect>[] {
  const limit = slot.schema.maxItems ?? 1_000;
  const over = fc.integer({ min: limit + 1, max: limit * 3 }).map((n) => ({
    defect: `${n} items in ${fieldName(slot.path)}`,
    body: Array.from({ length: n }, () => example[0] ?? 'x'),
  }));
  if (slot.schema.items?.type !== 'object') return [over];
  return [
    over,
    // 100k empty objects: a small body whose errors, reported one by one, made a 12 MB answer.
    fc.integer({ min: limit + 1, max: 100_000 }).map((n) => ({ defect: `${n} {} in ${fieldName(slot.path)}`, body: Array.from({ length: n }, () => ({})) })),
    fc.constantFrom([[]], [[], []], [example[0], []], ['x'], [1], [null]).map((items) => ({
      defect: `non-objects among ${fieldName(slot.path)}`,
      body: items,
      names: leaf(slot.path),
    })),
  ];
}

function objectDefects(slot: Slot, example: Record<string, unknown>): fc.Arbitrary<BodyDefect>[] {
  const entries = Object.entries(example);
  const keys = fc.constantFrom('__proto__', 'constructor', 'prototype', 'extra', 'isAdmin', 'id');
  const values = fc.constantFrom<unknown>({}, { polluted: true }, 'x', 1, null, []);
  const defects = [
    fc.tuple(keys, values).map(([key, value]) => ({ defect: `extra key ${key}`, body: new Members([...entries, [key, value]]) })),
  ];
  if (entries.length === 0) return defects;
  const members = entries.map(([key, value]) => ({ key, value, slot: { path: [...slot.path, key], schema: slot.schema.properties?.[key] ?? {}, optional: !slot.schema.required?.includes(key) } }));
  return [
    ...defects,
    fc
      .constantFrom(...members)
      .chain(({ key, value, slot: member }) => fc.constantFrom(...wrongTypes(member)).map((last) => ({ key, value, last })))
      .map(({ key, value, last }) => ({ defect: `duplicate key ${key}, the last of a wrong type`, body: new Members([...entries, [key, value], [key, last]]) })),
  ];
}

/** Each defect one request body can have at one place in it. */
function slotDefects(slot: Slot, body: unknown): fc.Arbitrary<BodyDefect>[] {
  const name = fieldName(slot.path) || 'the body';
  const example = slot.path.reduce<unknown>((value, part) => (value as Record<string | number, unknown>)[part], body);
  const replace = (defect: fc.Arbitrary<BodyDefect>) => defect.map((d) => ({ ...d, body: replaceAt(body, slot.path, () => d.body) }));
  const own: fc.Arbitrary<BodyDefect>[] = [
    fc.constantFrom(...wrongTypes(slot)).map((value) => ({ defect: `${name} of a wrong type`, body: value })),
    fc.tuple(depth, fc.constantFrom('array' as const, 'object' as const)).map(([n, shape]) => ({ defect: `${name} nested ${n} deep`, body: nested(n, shape) })),
  ];
  if (typeof example === 'string') own.push(...textDefects(slot, example));
  if (Array.isArray(example)) own.push(...arrayDefects(slot, example));
  else if (example && typeof example === 'object') own.push(...objectDefects(slot, example as Record<string, unknown>));
  const defects = own.map(replace);
  if (!slot.optional && typeof slot.path.at(-1) === 'string') {
    defects.push(fc.constant({ defect: `${name} missing`, body: replaceAt(body, slot.path, () => undefined) }));
  }
  return defects;
}

const garbage = (label: string, text: string | number[]) => new Raw(label, () => Buffer.from(text as string));

/** A body that is not a JSON document at all, or over the size limit. */
const wholeBodyDefects = (body: unknown): fc.Arbitrary<BodyDefect>[] => [
  fc
    .constantFrom(garbage('{', '{'), garbage('{"a":', '{"a":'), garbage('[]', '[]'), garbage('"x"', '"x"'), garbage('null', 'null'), garbage('0', '0'), garbage('tru', 'tru'))
    .map((raw) => ({ defect: `the body ${raw.label}`, body: raw })),
  fc.uint8Array({ minLength: 1, maxLength: 64 }).map((bytes) => ({
    defect: 'the body, random bytes after {NUL',
    body: new Raw(`{\\0 and ${bytes.length} random bytes`, () => Buffer.concat([Buffer.from('{\u0000'), bytes])),
  })),
  fc.constant({ defect: 'a body over the size limit', body: { ...(body as object), pad: 'a'.repeat(OVERSIZED_BYTES) }, oversized: true }),
];

/** Bodies of the schema with exactly one defect each, anywhere in them. */
export function bodyDefects(schema: Schema): fc.Arbitrary<BodyDefect> {
  const body = exampleOf(schema);
  return fc.oneof(...slotsOf(schema).flatMap((slot) => slotDefects(slot, body)), ...wholeBodyDefects(body));
}
