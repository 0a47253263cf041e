import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { bodyDefects } from './body-defects.js';
import { type Expectation, FuzzCase } from './fuzz-case.js';
import { encodeJson } from './hostile-json.js';
import { exampleOf, type Operation } from './openapi-routes.js';
import type { RawRequest } from '@switchboard/testing';

export interface ApiFuzzContext {
  operations: Operation[];
  apiKey: string;
  /** The key for operations only operators may call (`role: operator`); apiKey gets 403 there. */
  operatorKey: string;
  /** An Idempotency-Key already used for POST /v1/campaigns with `body`. */
  usedKey: { key: string; body: Record<string, unknown> };
}

type Header = RawRequest['headers'][number];

interface Parts {
  defect: string;
  id?: string | Buffer;
  path?: string;
  auth?: Header[];
  headers?: Header[];
  /** The body's bytes and content type; by default the operation's example as JSON. */
  body?: { bytes: Buffer; type?: string };
  expect: Expectation;
}

const bytes = (...parts: (string | number[])[]) => Buffer.concat(parts.map((part) => Buffer.from(part as string)));

const badIds = fc.oneof<fc.Arbitrary<string | Buffer>[]>(
  fc.constantFrom('%00', 'a%00b', '%ED%A0%80', '%F0%9F', '%FF', '%', '%zz', '..%2f..%2fetc', '..%2F..%2F..%2Fetc%2Fpasswd', '%2e%2e%2f', '..', '.', '__proto__', 'constructor', 'null', 'not-a-uuid'),
  fc.uuid({ version: 4 }).chain((uuid) => fc.constantFrom(`${uuid}%00`, `${uuid}x`, uuid.replaceAll('-', ''), `${uuid}%2f..`, `{${uuid}}`)),
  fc.stringMatching(/^[A-Za-z0-9_~.-]{1,40}$/).filter((id) => !/^[0-9a-f]{8}-/.test(id)),
  fc.integer({ min: 100, max: 10_000 }).map((n) => 'a'.repeat(n)),
  fc.constantFrom(bytes('caf', [0xc3, 0xa9]), bytes([0xff, 0xfe]), bytes('a', [0xed, 0xa0, 0x80])),
).map((id) => ({ id, label: typeof id === 'string' ? id.slice(0, 60) : `bytes ${id.toString('hex')}` }));

interface AuthDefect {
  auth: Header[];
  label: string;
  statuses: number[];
}

const garbledAuth = (apiKey: string): fc.Arbitrary<AuthDefect> =>
  fc.oneof<fc.Arbitrary<AuthDefect>[]>(
    fc.constant<AuthDefect>({ auth: [], label: 'no Authorization', statuses: [401] }),
    fc
      .constantFrom('', ' ', 'Bearer', 'Bearer ', `Basic ${Buffer.from(`user:${apiKey}`).toString('base64')}`, `Token ${apiKey}`, `${apiKey}`, `Bearer ${apiKey} ${apiKey}`, `Bearer\t${apiKey}x`)
      .map((value) => ({ auth: [['Authorization', value] as Header], label: `Authorization ${JSON.stringify(value)}`, statuses: [401, 403] })),
    fc.constantFrom(`${apiKey}x`, apiKey.toUpperCase(), apiKey.slice(0, -1), 'sk-switchboard-dev').map((key) => ({
      auth: [['Authorization', `Bearer ${key}`] as Header],
      label: `a wrong key ${key}`,
      statuses: [403],
    })),
    fc.integer({ min: 1_000, max: 12_000 }).map((n) => ({ auth: [['Authorization', `Bearer ${'k'.repeat(n)}`] as Header], label: `a ${n}-byte key`, statuses: [401, 403] })),
    fc.constantFrom(bytes('Bearer sk-', [0xc3, 0xa9]), bytes('Bearer ', [0xff, 0xfe, 0x80]), bytes('B', [0xc3, 0xa9], 'arer x')).map((value) => ({
      auth: [['Authorization', value] as Header],
      label: `non-ASCII Authorization ${value.toString('hex')}`,
      statuses: [400, 401, 403],
    })),
  );

const badIdempotencyKeys = fc.oneof(
  fc.integer({ min: 256, max: 4_000 }).map((n) => ({ value: 'k'.repeat(n) as string | Buffer, label: `a ${n}-character Idempotency-Key` })),
  fc.constantFrom(bytes('a', [0x01], 'b'), bytes('a', [0x7f]), bytes('a\tb'), bytes('a b'), bytes('')).map((value) => ({ value, label: `Idempotency-Key ${JSON.stringify(value.toString())}` })),
  fc.constantFrom(bytes('cl', [0xc3, 0xa9]), bytes([0xff, 0xfe])).map((value) => ({ value, label: `non-ASCII Idempotency-Key ${value.toString('hex')}` })),
);

const wrongContentTypes = (json: Buffer) =>
  fc.constantFrom<{ bytes: Buffer; type?: string }>(
    { bytes: json },
    { bytes: json, type: 'text/plain' },
    { bytes: json, type: 'application/xml' },
    { bytes: json, type: 'application/json-seq' },
    { bytes: Buffer.from('name=x&checklist[0]=a&contacts[0][phone]=%2B15551230001'), type: 'application/x-www-form-urlencoded' },
    { bytes: Buffer.from(`--b\r\nContent-Disposition: form-data; name="name"\r\n\r\nx\r\n--b--\r\n`), type: 'multipart/form-data; boundary=b' },
  );

/** Hostile requests to one operation, each with one defect that the contract says how to refuse. */
function operationCases(operation: Operation, context: ApiFuzzContext): fc.Arbitrary<Parts>[] {
  const operatorOnly = operation.role === 'operator';
  const key: Header = ['Authorization', `Bearer ${operatorOnly ? context.operatorKey : context.apiKey}`];
  const cases: fc.Arbitrary<Parts>[] = [
    garbledAuth(context.apiKey).map(({ auth, label, statuses }) => ({ defect: label, auth, expect: { statuses } })),
  ];
  if (operatorOnly) {
    cases.push(fc.constant({ defect: 'a key that may only read', auth: [['Authorization', `Bearer ${context.apiKey}`] as Header], expect: { statuses: [403] } }));
  }
  const integerId = operation.integerParams.length > 0;
  if (operation.pathParams.length > 0) {
    const notInteger = badIds.filter(({ id }) => typeof id !== 'string' || !/^[1-9]\d{0,14}$/.test(id));
    cases.push((integerId ? notInteger : badIds).map(({ id, label }) => ({ defect: `id ${label}`, id, auth: [key], expect: { statuses: [400] } })));
    const unknown = integerId ? fc.integer({ min: 1e12, max: 1e14 }).map(String) : fc.uuid({ version: 4 });
    cases.push(unknown.map((id) => ({ defect: 'an unknown id', id, auth: [key], expect: { statuses: [404] } })));
  }
  if (operation.method === 'POST') {
    cases.push(badIdempotencyKeys.map(({ value, label }) => ({ defect: label, auth: [key], headers: [['Idempotency-Key', value]], expect: { statuses: [400] } })));
  }
  if (operation.body) {
    const json = encodeJson(exampleOf(operation.body));
    cases.push(
      wrongContentTypes(json).map((body) => ({ defect: `Content-Type ${body.type ?? '(none)'}`, auth: [key], body, expect: { statuses: [415] } })),
      bodyDefects(operation.body).map(({ defect, body, oversized, names }) => ({
        defect,
        auth: [key],
        body: { bytes: encodeJson(body), type: 'application/json' },
        expect: { statuses: oversized ? [413] : [400], names },
      })),
    );
  }
  if (operation.method === 'POST' && operation.template === '/v1/campaigns') {
    const { key: used, body } = context.usedKey;
    const another = encodeJson({ ...body, name: `${String(body.name)}, again` });
    cases.push(
      fc.constantFrom('/v1/campaigns', '/v1/campaigns/', '/V1/Campaigns', '/v1//campaigns', '/v1/campaigns?again=1').map((path) => ({
        defect: `a used Idempotency-Key with another body at ${path}`,
        path,
        auth: [key],
        headers: [['Idempotency-Key', used]],
        body: { bytes: another, type: 'application/json' },
        expect: path === '/v1/campaigns' ? { statuses: [422] } : {},
      })),
    );
  }
  return cases;
}

/** An absolute-form target changes no answer of /v1, or makes it a 400. */
const absoluteForm = (expect: Expectation): Expectation => ({ ...expect, ...(expect.statuses && { statuses: [...new Set([...expect.statuses, 400])] }) });

function toCase(operation: Operation, parts: Parts, withKey: boolean, absolute: boolean): FuzzCase {
  // A well-formed id of the kind the route takes, so the defect under test is the only one.
  const id = parts.id ?? (operation.integerParams.length > 0 ? '1' : '6f1c1a52-6a8e-4b8f-9d77-0d2f4c8e9b10');
  const [before, after] = operation.template.split(/\{[^}]+\}/);
  const path = parts.path ?? (after === undefined ? before : Buffer.concat([Buffer.from(before), Buffer.from(id), Buffer.from(after)]));
  const target = absolute ? Buffer.concat([Buffer.from('http://evil.example'), Buffer.from(path)]) : path;
  const body = parts.body ?? (operation.body ? { bytes: encodeJson(exampleOf(operation.body)), type: 'application/json' } : undefined);
  const headers: Header[] = [...(parts.auth ?? []), ...(parts.headers ?? [])];
  if (body?.type) headers.push(['Content-Type', body.type]);
  // Random, not generated: fast-check's UUIDs repeat, and one key on two requests at once is rightly a 422.
  if (withKey && !parts.headers) headers.push(['Idempotency-Key', `fuzz-${randomUUID()}`]);
  return new FuzzCase(`${operation.method} ${operation.template}: ${parts.defect}${absolute ? ', absolute-form target' : ''}`, {
    method: operation.method,
    target,
    headers,
    ...(body && { body: body.bytes }),
  }, absolute ? absoluteForm(parts.expect) : parts.expect);
}

/** Hostile requests to every operation of the OpenAPI document. */
export function apiCases(context: ApiFuzzContext): fc.Arbitrary<FuzzCase> {
  return fc.oneof(
    ...context.operations.map((operation) =>
      fc
        .tuple(
          fc.oneof(...operationCases(operation, context)),
          // A fresh key on a POST: the body's defect must also stop the Idempotency-Key's hashing from failing.
          operation.method === 'POST' ? fc.boolean() : fc.constant(false),
          fc.oneof({ arbitrary: fc.constant(false), weight: 4 }, { arbitrary: fc.constant(true), weight: 1 }),
        )
        .map(([parts, fresh, absolute]) => toCase(operation, parts, fresh, absolute)),
    ),
  );
}
