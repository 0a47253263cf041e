import { RetryAfterError } from '@switchboard/durable';
import type RequestClient from 'twilio/lib/base/RequestClient.js';
import { twilioSdk } from './twilio-sdk.js';

const defineRequestClient = () =>
  class TwilioRequestClient extends twilioSdk().RequestClient {
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
  };

let defined: ReturnType<typeof defineRequestClient> | undefined;

/**
 * The SDK's own extension point for HTTP: every request goes to `baseUrl` when one is set (the
 * provider simulator), and a 429 becomes a RetryAfterError carrying the Retry-After delay, which
 * the SDK's RestException would drop. The class extends the SDK's, so it is defined once the SDK
 * is loaded.
 */
export function twilioRequestClient(baseUrl: string | undefined, timeoutMs: number): RequestClient {
  const TwilioRequestClient = (defined ??= defineRequestClient());
  return new TwilioRequestClient(baseUrl, timeoutMs);
}
