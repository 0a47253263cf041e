import type { EventEnvelope } from '@switchboard/contracts';

/**
 * Flow control of the dialer. Handler options are declared with the handler, so the limits are
 * read when the module loads; TelephonyConfig validates the same variables at start-up.
 */
const limit = Number(process.env.DIAL_RATE_LIMIT ?? 10);
const windowMs = Number(process.env.DIAL_RATE_WINDOW_MS ?? 60_000);
const campaignOf = (event: EventEnvelope) => (event.payload as { campaignId: string }).campaignId;

export const DIAL_POLICY = {
  /**
   * Queued Calls released to the dialer: what keeps a campaign's calls QUEUED while they wait. A
   * turn more than a second ahead is deferred, each campaign queueing behind its own reservations.
   */
  rateLimit: { key: (event: EventEnvelope) => `dial-queue:${campaignOf(event)}`, limit, windowMs, deferAfterMs: 1_000 },
  /** The provider requests themselves, retries included, under the same limit. */
  providerRateLimit: { key: (event: EventEnvelope) => `dial:${campaignOf(event)}`, limit, windowMs },
  retry: { attempts: 3, baseDelayMs: 2_000, maxDelayMs: 10_000, jitter: 0.2 },
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
