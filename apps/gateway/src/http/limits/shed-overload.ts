import { HttpStatus } from '@nestjs/common';
import { LoadMeter, type OverloadLimits } from '@switchboard/platform';
import type { NextFunction, Request, Response } from 'express';
import type { Server } from 'node:http';
import { aboutBlank } from '../problem.exception.js';
import { writeProblem } from '../edge/write-problem.js';

/** Operators' routes: answered however loaded, as a 503 from /health could get a busy gateway restarted. */
const NEVER_SHED = /^\/(health|metrics|ops)(\/|$)/i;
/** Provider callbacks: a refused one may never come again (Twilio does not retry a status callback), so they go last. */
const SHED_LAST = /^\/(webhooks|oauth)\//i;
/** How far past the cap callbacks are still let in. */
const SHED_LAST_MULTIPLE = 2;
/** A refused body larger than this is not read and dropped: its connection is closed instead. */
const DRAIN_AT_MOST_BYTES = 64 * 1024;
const RETRY_AFTER_SECONDS = 1;

/**
 * Sheds load: while the gateway is overloaded (LoadMeter: requests in flight or event-loop delay
 * past their limits), a new request is answered 503 with Retry-After before anything else is done
 * with it. Registered first, so a refusal costs no parsing, no guard and no query.
 */
export function shedOverload(server: Server, limits: OverloadLimits) {
  const meter = new LoadMeter(limits);
  server.once('close', () => meter.stop());
  return (request: Request, response: Response, next: NextFunction): void => {
    if (!NEVER_SHED.test(request.path)) {
      const overload = meter.overload(SHED_LAST.test(request.path) ? SHED_LAST_MULTIPLE : 1);
      if (overload) return refuse(request, response, overload);
    }
    meter.track(response);
    next();
  };
}

function refuse(request: Request, response: Response, overload: string): void {
  const length = Number(request.headers['content-length'] ?? 0);
  const closing = request.headers['transfer-encoding'] !== undefined || length > DRAIN_AT_MOST_BYTES;
  writeProblem(response, aboutBlank(HttpStatus.SERVICE_UNAVAILABLE, `the gateway is overloaded: ${overload}; retry after the number of seconds in Retry-After`), {
    'Retry-After': String(RETRY_AFTER_SECONDS),
    ...(closing && { Connection: 'close' }),
  });
}
