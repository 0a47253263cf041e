import fc from 'fast-check';
import { FuzzCase } from './fuzz-case.js';
import type { RawRequest } from '@switchboard/testing';

export interface SlowFuzzContext {
  apiKey: string;
  /** The gateway's REQUEST_TIMEOUT_MS. */
  requestTimeoutMs: number;
  /** A valid body for POST /v1/campaigns: only how it is sent is wrong. */
  campaign: Buffer;
}

/** Bodies that never finish, finish too late, or announce more than the gateway takes. */
export function slowCases(context: SlowFuzzContext): fc.Arbitrary<FuzzCase> {
  const routes = fc.constantFrom<{ path: string; headers: RawRequest['headers']; body: Buffer }>(
    {
      path: '/v1/campaigns',
      headers: [
        ['Authorization', `Bearer ${context.apiKey}`],
        ['Content-Type', 'application/json'],
      ],
      body: context.campaign,
    },
    {
      path: '/webhooks/twilio/voice/status',
      headers: [
        ['Content-Type', 'application/x-www-form-urlencoded'],
        ['X-Twilio-Signature', 'x'],
      ],
      body: Buffer.from('AccountSid=AC0&CallSid=CA1&CallStatus=completed'),
    },
  );
  const truncated = fc
    .tuple(routes, fc.nat(), fc.integer({ min: 1, max: 100_000 }))
    .map(
      ([route, cut, more]) =>
        new FuzzCase(
          `POST ${route.path}: a truncated body, the connection kept open`,
          { method: 'POST', target: route.path, headers: route.headers, body: route.body.subarray(0, cut % route.body.length), declaredLength: route.body.length + more },
          { statuses: [408, 400] },
        ),
    );
  const oversized = fc
    .tuple(routes, fc.oneof(fc.integer({ min: 2_000_000, max: 2 ** 31 }), fc.constantFrom(10_000_000_000, Number.MAX_SAFE_INTEGER)), fc.nat({ max: 64 }))
    .map(
      ([route, declared, sent]) =>
        new FuzzCase(
          `POST ${route.path}: Content-Length ${declared}`,
          { method: 'POST', target: route.path, headers: route.headers, body: route.body.subarray(0, sent), declaredLength: declared },
          // At once: before the body, which may never come.
          { statuses: [413], withinMs: context.requestTimeoutMs / 2 },
        ),
    );
  const slow = fc
    .tuple(routes, fc.integer({ min: 3, max: 6 }))
    .map(
      ([route, pieces]) =>
        new FuzzCase(
          `POST ${route.path}: a body sent slowly`,
          { method: 'POST', target: route.path, headers: route.headers, body: route.body, slow: { pieces, everyMs: Math.ceil((context.requestTimeoutMs * 1.5) / (pieces - 1)) } },
          { statuses: [408, 400] },
        ),
    );
  return fc.oneof(truncated, oversized, slow);
}
