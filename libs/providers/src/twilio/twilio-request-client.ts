import { RetryAfterError } from '@switchboard/durable';
import twilio from 'twilio';

import type RequestClient from 'twilio/lib/base/RequestClient.js';

/**
 * The SDK's own extension point for HTTP: every request goes to `baseUrl` when one is set (the
 * provider simulator), and a 429 becomes a RetryAfterError carrying the Retry-After delay, which
 * the SDK's RestException would drop.
 */
export class TwilioRequestClient extends twilio.RequestClient {
  constructor(
    private readonly baseUrl: string | undefined,
    private readonly timeoutMs: number,
  ) {
    super({ timeout: timeoutMs });
  }

  override async request<TData>(options: RequestClient.RequestOptions<TData>) {
    const uri = this.baseUrl ? options.uri.replace(/^https:\/\/[^/]+/, this.baseUrl) : options.uri;
    const response = await super.request<TData>({ ...options, uri, timeout: options.timeout ?? this.timeoutMs });
    if (response.statusCode === 429) {
      const seconds = Number(response.headers?.['retry-after'] ?? 1);
      throw new RetryAfterError(`Twilio rate limit on ${options.method} ${new URL(uri).pathname}`, seconds * 1000);
    }
    return response;
  }
}
