/** Twilio reports creation times to the second: a message created this much before our intent may still be ours. */
const CLOCK_SLACK_MS = 2_000;

export interface ListedSend {
  sid: string;
  createdAt?: Date;
  /** A message's body; a call's is not listed. */
  body?: string;
}

/**
 * What an earlier attempt of this send may have left at the provider: the newest message (or call)
 * to the recipient since the intent, with our body when the provider lists bodies, that no other
 * notification or call of ours owns. Nothing we set at creation comes back on a listed resource
 * but the body, so ownership is by elimination, as for the dialer's calls.
 */
export function earlierSend<S extends ListedSend>(listed: S[], intentAt: Date, body: string | undefined, ownedByOthers: Set<string>): S | undefined {
  const since = intentAt.getTime() - CLOCK_SLACK_MS;
  return listed
    .filter((s) => s.createdAt && s.createdAt.getTime() >= since && !ownedByOthers.has(s.sid) && (body === undefined || s.body === body))
    .sort((a, b) => b.createdAt!.getTime() - a.createdAt!.getTime())[0];
}

export const SEND_RETRY = { attempts: 4, baseDelayMs: 1_000, maxDelayMs: 10_000, jitter: 0.2 };

/**
 * The text sent: the requested body and the notification's reference. Providers list a message's
 * body and nothing else we set, so the reference is what makes a listed message knowably this
 * notification's (two notifications may well say the same thing to the same person).
 */
export const sentText = (body: string, notificationId: string): string =>
  `${Array.from(body).slice(0, 1_586).join('')} (ref ${notificationId.replace(/-/g, '').slice(-6)})`;
