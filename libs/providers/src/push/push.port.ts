import type { SealedPushSubscription } from '@switchboard/contracts';
import { NonRetriableError } from '@switchboard/durable';

export interface PushMessage {
  /** As it is kept: its keys sealed; the adapter opens them only to encrypt this message. */
  subscription: SealedPushSubscription;
  payload: string;
  /**
   * A pending message with the same topic is replaced by the push service rather than delivered
   * twice (RFC 8030 §5.4): a resend after a crash names the same topic. base64url, at most 32 chars.
   */
  topic?: string;
  urgent?: boolean;
}

/**
 * The push service no longer knows the subscription (404/410, RFC 8030 §7.3): no retry passes, and
 * whoever keeps it should drop it.
 */
export class PushSubscriptionGoneError extends NonRetriableError {
  override name = 'PushSubscriptionGoneError';
}

/** Web Push (RFC 8030) to a browser's subscription. */
export abstract class PushPort {
  /** Resolves with the push service's location for the message (or the endpoint when it gives none). */
  abstract send(message: PushMessage): Promise<{ id: string }>;
}
