import { openPushSubscription, type PushSubscription, type SecretOpener } from '@switchboard/contracts';
import { NonRetriableError, TimeoutError } from '@switchboard/durable';
import { type PushMessage, PushPort, PushSubscriptionGoneError } from './push.port.js';

export interface WebPushOptions {
  /** VAPID: the application server's keys and contact (`mailto:` or `https:`). */
  publicKey: string;
  privateKey: string;
  subject: string;
  /** Opens subscriptions' sealed keys (a SecretVault of PUSH_ENCRYPTION_KEYS). */
  vault: SecretOpener;
  timeoutMs?: number;
}

/**
 * Web Push with the `web-push` library: it encrypts the payload (aes128gcm) and signs the VAPID
 * headers; the request itself goes out with fetch, which (unlike the library's own sender, HTTPS
 * only) also reaches the provider simulator's plain-HTTP push service. The subscription's keys are
 * opened here, for the one message, and nowhere else.
 */
export class WebPush extends PushPort {
  constructor(private readonly options: WebPushOptions) {
    super();
  }

  async send(message: PushMessage): Promise<{ id: string }> {
    const webpush = (await import('web-push')).default;
    const timeout = this.options.timeoutMs ?? 15_000;
    const request = webpush.generateRequestDetails(this.open(message), message.payload, {
      vapidDetails: { subject: this.options.subject, publicKey: this.options.publicKey, privateKey: this.options.privateKey },
      TTL: 24 * 3600,
      urgency: message.urgent ? 'high' : 'normal',
      ...(message.topic && { topic: message.topic }),
    });
    const response = await fetch(request.endpoint, {
      method: request.method,
      headers: request.headers as Record<string, string>,
      // A Uint8Array is a body under both the DOM and undici typings of fetch (a Buffer is only under the latter).
      body: new Uint8Array(request.body),
      signal: AbortSignal.timeout(timeout),
    }).catch((error: unknown) => {
      throw (error as Error).name === 'TimeoutError' ? new TimeoutError(`push to ${new URL(request.endpoint).host} timed out`, timeout) : error;
    });
    if (response.status === 404 || response.status === 410) throw new PushSubscriptionGoneError(`push service answered ${response.status}: subscription gone`);
    // Other 4xx: the request itself is wrong, which no retry fixes.
    if (response.status >= 400 && response.status < 500 && response.status !== 429) {
      throw new NonRetriableError(`push service answered ${response.status}`);
    }
    if (!response.ok) throw new Error(`push service answered ${response.status}`);
    return { id: response.headers.get('location') ?? request.endpoint };
  }

  /** No retry opens keys sealed with a key no longer configured (or tampered with): the channel fails. */
  private open({ subscription }: PushMessage): PushSubscription {
    try {
      return openPushSubscription(this.options.vault, subscription);
    } catch (error) {
      throw new NonRetriableError(`the push subscription's keys do not open: ${(error as Error).message}`);
    }
  }
}
