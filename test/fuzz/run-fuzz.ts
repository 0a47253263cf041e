import fc from 'fast-check';
import { violations } from './edge-properties.js';
import type { FuzzCase } from './fuzz-case.js';
import { exchange } from '@switchboard/testing';

/** Requests in flight at once: enough to load the gateway, few enough for a shared 2-core machine. */
const PARALLEL = 8;

/** FUZZ_SEED replays a run; otherwise each run explores new cases. */
export const FUZZ_SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Math.floor(Math.random() * 2 ** 31);

export interface FuzzTarget {
  origin: URL;
  /** No whole answer by then is a hang. */
  deadlineMs: number;
  /** Events in the stores a refused request must leave alone. */
  storedEvents: () => Promise<number>;
  /**
   * The run, shrinking included, stops after this long: unfinished runs fail, and a failure being
   * shrunk is reported with its smallest counterexample so far.
   */
  budgetMs: number;
  /** Requests in flight at once; more for requests that mostly wait (slow bodies). */
  parallel?: number;
}

/**
 * Sends `requests` generated requests, `parallel` at a time, and fails with the first batch (shrunk)
 * in which a request broke a property or the stores gained an event; the message names each
 * request at fault and how to replay the run.
 */
export async function fuzz(cases: fc.Arbitrary<FuzzCase>, requests: number, target: FuzzTarget): Promise<void> {
  const parallel = target.parallel ?? PARALLEL;
  const property = fc.asyncProperty(fc.array(cases, { minLength: parallel, maxLength: parallel }), async (batch) => {
    const before = await target.storedEvents();
    const outcomes = await Promise.all(batch.map((request) => exchange(target.origin, request.request, target.deadlineMs)));
    const failures = batch.flatMap((request, i) => violations(request, outcomes[i]).map((violation) => `${fc.stringify(request)}\n    -> ${violation}`));
    const stored = (await target.storedEvents()) - before;
    if (stored > 0) {
      const accepted = batch.filter((_, i) => outcomes[i].kind === 'answer' && (outcomes[i] as { status: number }).status < 400);
      failures.push(`${stored} events stored in a batch of refused requests; accepted: ${accepted.map((request) => fc.stringify(request)).join('; ') || 'none'}`);
    }
    if (failures.length > 0) throw new Error(failures.join('\n'));
  });
  try {
    await fc.assert(property, { seed: FUZZ_SEED, numRuns: Math.ceil(requests / parallel), plugins: [fc.interruptAfterTimeLimit(target.budgetMs, { failOnInterrupt: true })] });
  } catch (error) {
    // fast-check's message prints the whole batch; the requests at fault are in its cause.
    const { message, cause } = error as Error;
    const replay = message.split('\n').find((line) => line.startsWith('{ seed'));
    throw new Error(`replay with FUZZ_SEED=${FUZZ_SEED} ${replay ?? ''}\n${(cause as Error | undefined)?.message ?? message}`);
  }
}
