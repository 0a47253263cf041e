import type { EventEnvelope } from '@switchboard/contracts';
import type { CallQueued } from '@switchboard/contracts';

/**
 * Flow control of the dialer. Handler options are declared with the handler, so the limits are
 * read when the module loads; TelephonyConfig validates the same variables at start-up.
 */
export const DIAL_POLICY = {
  rateLimit: {
    key: (event: EventEnvelope) => `dial:${(event.payload as CallQueued).campaignId}`,
    limit: Number(process.env.DIAL_RATE_LIMIT ?? 10),
    windowMs: Number(process.env.DIAL_RATE_WINDOW_MS ?? 60_000),
  },
  retry: { attempts: 3, baseDelayMs: 2_000, maxDelayMs: 10_000, jitter: 0.2 },
  /** Twilio's own API timeout is 30 s; a hung attempt is redelivered a little after. */
  ackWaitMs: 10_000,
};

/** Twilio reports creation times to the second: a call created this much before our request is still ours. */
const CLOCK_SLACK_MS = 2_000;

/**
 * The provider call an earlier, interrupted attempt placed: the newest call to the number created
 * since that attempt asked. Campaigns call a number once, so the number and the time identify it.
 */
export function findPlacedCall<C extends { createdAt?: Date }>(calls: C[], dialRequestedAt: Date): C | undefined {
  const since = dialRequestedAt.getTime() - CLOCK_SLACK_MS;
  return calls
    .filter((call) => call.createdAt && call.createdAt.getTime() >= since)
    .sort((a, b) => b.createdAt!.getTime() - a.createdAt!.getTime())[0];
}
