import { ConflictException, NotFoundException } from '@nestjs/common';
import type { RunNowOutcome } from '@switchboard/durable';

export type FiredNow = Extract<RunNowOutcome, { fired: true }>;

/** A "run now" that fired, or its refusal as HTTP says it: 404 for an unknown key, 409 for a timer that may not run now. */
export function firedOrRefused(outcome: RunNowOutcome): FiredNow {
  if (outcome.fired) return outcome;
  throw outcome.reason === 'unknown' ? new NotFoundException(outcome.message) : new ConflictException(outcome.message);
}
