import fc from 'fast-check';
import { FuzzCase } from './fuzz-case.js';
import type { RawRequest } from '@switchboard/testing';

type Header = RawRequest['headers'][number];

export interface OpsFuzzContext {
  /** One of OPS_KEYS: it opens /ops and /metrics. */
  opsKey: string;
  /** An API key: it opens /v1, not /ops. */
  apiKey: string;
}

/** None is a whole number from 1 to 1,000, what `limit` must be. */
const badLimits = fc.oneof(
  fc.constantFrom('-1', '0', '1.5', 'abc', '1e309', '-0', '0x10', '', '%00', '1%00', 'NaN', 'Infinity', '9'.repeat(400), '1&limit=2', '[]', '1001', '%2B1', '1%20'),
  fc.integer({ min: -1_000_000, max: 0 }).map(String),
  fc.integer({ min: 1_001, max: Number.MAX_SAFE_INTEGER }).map(String),
  fc.double({ noNaN: true, min: -1e6, max: 1e6 }).filter((n) => !Number.isInteger(n)).map(String),
);

const garbledAuth = (apiKey: string) =>
  fc.constantFrom<Header[]>(
    [['Authorization', '']],
    [['Authorization', 'Bearer']],
    [['Authorization', 'Bearer not-a-key']],
    [['Authorization', `Bearer ${apiKey}`]],
    [['Authorization', `Basic ${Buffer.from('ops:ops').toString('base64')}`]],
    [['Authorization', Buffer.from([0x42, 0xff, 0xfe])]],
  );

const target = (path: string, limit: string | undefined) => (limit === undefined ? path : `${path}?limit=${limit}`);

/** The routes outside /v1: /health answers anyone, whatever they send; /metrics and /ops/waiting only an operator's key. */
export function opsCases({ opsKey, apiKey }: OpsFuzzContext): fc.Arbitrary<FuzzCase> {
  const health = fc
    .tuple(fc.option(badLimits, { nil: undefined }), fc.option(garbledAuth(apiKey), { nil: undefined }))
    .map(([limit, auth]) => new FuzzCase('GET /health with hostile query and headers', { method: 'GET', target: target('/health', limit), headers: auth ?? [] }, { mayAccept: true }));
  const unauthenticated = fc
    .tuple(fc.constantFrom('/metrics', '/ops/waiting'), fc.option(badLimits, { nil: undefined }))
    // A query the gateway refuses on sight (NUL) may be refused before the missing key is.
    .map(([path, limit]) => new FuzzCase(`GET ${path} without a key`, { method: 'GET', target: target(path, limit), headers: [] }, { statuses: limit === undefined ? [401] : [400, 401] }));
  const garbled = fc
    .tuple(fc.constantFrom('/metrics', '/ops/waiting'), garbledAuth(apiKey))
    .map(([path, auth]) => new FuzzCase(`GET ${path} with a garbled or non-operator key`, { method: 'GET', target: path, headers: auth }, { statuses: [401, 403] }));
  const abusive = badLimits.map(
    (limit) =>
      new FuzzCase(
        `GET /ops/waiting?limit=${limit.slice(0, 40)}`,
        { method: 'GET', target: target('/ops/waiting', limit), headers: [['Authorization', `Bearer ${opsKey}`]] },
        { statuses: [400], names: 'limit' },
      ),
  );
  return fc.oneof(health, unauthenticated, garbled, abusive);
}
