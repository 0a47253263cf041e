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

/** Twilio reports creation times to the second: a call created this much before our request may still be ours. */
const CLOCK_SLACK_MS = 2_000;

/** A provider call to the number, as Twilio lists it. */
export interface PlacedCall {
  sid: string;
  createdAt?: Date;
}

/** Another of our Calls to the same number: the SID it owns, if known, and whether it may be placing one now. */
export interface OtherCall {
  callId: string;
  providerSid: string | null;
  dialing: boolean;
}

export type Reconciliation<C> = { action: 'adopt'; call: C } | { action: 'dial' } | { action: 'wait'; reason: string };

/**
 * What to do before dialling, given the provider's calls to the number. Twilio's Call resource
 * says nothing of who placed a call (no callback URL, no parameter of ours), so a call is known to
 * be ours only by elimination: placed since our intent, not owned by another of our Calls (a SID
 * the dialer or the callbacks, whose URL names the Call, recorded), and with no other Call to the
 * number still waiting to learn its SID. If one is, the call may be its: wait for the callbacks
 * to say whose rather than guess (adopting another campaign's call would leave ours undialled).
 */
export function reconcileBeforeDial<C extends PlacedCall>(placed: C[], dialRequestedAt: Date, others: OtherCall[]): Reconciliation<C> {
  const since = dialRequestedAt.getTime() - CLOCK_SLACK_MS;
  const owned = new Set(others.map((other) => other.providerSid).filter(Boolean));
  const unowned = placed
    .filter((call) => call.createdAt && call.createdAt.getTime() >= since && !owned.has(call.sid))
    .sort((a, b) => b.createdAt!.getTime() - a.createdAt!.getTime());
  if (!unowned.length) return { action: 'dial' };
  const contenders = others.filter((other) => other.dialing && !other.providerSid);
  if (contenders.length) {
    return { action: 'wait', reason: `${unowned.length} call(s) to the number that ${contenders.length} other Call(s) may have placed: waiting for callbacks to tell whose` };
  }
  return { action: 'adopt', call: unowned[0] };
}
