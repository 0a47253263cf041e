import { NonRetriableError, TimeoutError } from '@switchboard/durable';
import type Twilio from 'twilio';
import { onFirstUse } from '../sdk/on-first-use.js';
import { type OutgoingMessage, type PlaceCall, type ProviderCall, type ProviderMessage, type ProviderRecording, TelephonyPort } from '../telephony/telephony.port.js';
import { mapTwilioError } from './twilio-errors.js';
import { twilioRequestClient } from './twilio-request-client.js';
import { twilioSdk } from './twilio-sdk.js';

export interface TwilioOptions {
  accountSid: string;
  authToken: string;
  /** The provider simulator's URL; the real API when absent. */
  baseUrl?: string;
  timeoutMs?: number;
  downloadTimeoutMs?: number;
}

/** Twilio's own check of X-Twilio-Signature (HMAC-SHA1 of the URL and sorted form parameters). */
export const isSignedByTwilio = (authToken: string, url: string, params: Record<string, string>, signature: string): boolean =>
  twilioSdk().validateRequest(authToken, signature, url, params);

/** TwiML that speaks `message` (what a call runs until an agent script replaces it). */
export function sayTwiml(message: string): string {
  const twiml = new (twilioSdk().twiml.VoiceResponse)();
  twiml.say(message);
  return twiml.toString();
}

const TWILIO_API = 'https://api.twilio.com';

/** A number as errors name it: errors end up in logs and in recorded failure reasons, phone numbers must not. */
const masked = (phone: string) => `…${phone.slice(-2)}`;

type CallInstance = { sid: string; to: string; status: string; duration?: string | null; dateCreated?: Date | null };

const toProviderCall = (call: CallInstance): ProviderCall => ({
  sid: call.sid,
  to: call.to,
  status: call.status,
  ...(call.duration ? { durationSeconds: Number(call.duration) } : {}),
  ...(call.dateCreated ? { createdAt: call.dateCreated } : {}),
});

/** Telephony on the official Twilio SDK. */
export class TwilioTelephony extends TelephonyPort {
  private readonly client: () => Promise<ReturnType<typeof Twilio>>;

  constructor(private readonly options: TwilioOptions) {
    super();
    this.client = onFirstUse(async () =>
      twilioSdk()(options.accountSid, options.authToken, { httpClient: twilioRequestClient(options.baseUrl, options.timeoutMs ?? 30_000) }),
    );
  }

  async placeCall(call: PlaceCall): Promise<ProviderCall> {
    try {
      const created = await (await this.client()).calls.create({
        to: call.to,
        from: call.from,
        twiml: call.twiml,
        statusCallback: call.statusCallbackUrl,
        statusCallbackEvent: ['initiated', 'ringing', 'answered', 'completed'],
        ...(call.recordingStatusCallbackUrl && {
          record: true,
          recordingChannels: 'dual',
          recordingStatusCallback: call.recordingStatusCallbackUrl,
        }),
      });
      return toProviderCall(created);
    } catch (error) {
      throw mapTwilioError(error, `calling ${masked(call.to)}`);
    }
  }

  async sendMessage(message: OutgoingMessage): Promise<{ sid: string; status: string }> {
    const address = (phone: string) => (message.channel === 'whatsapp' ? `whatsapp:${phone}` : phone);
    try {
      const sent = await (await this.client()).messages.create({
        to: address(message.to),
        from: address(message.from),
        body: message.body,
        ...(message.statusCallbackUrl && { statusCallback: message.statusCallbackUrl }),
      });
      return { sid: sent.sid, status: sent.status };
    } catch (error) {
      throw mapTwilioError(error, `sending ${message.channel} to ${masked(message.to)}`);
    }
  }

  async listMessagesTo(to: string, channel: 'sms' | 'whatsapp'): Promise<ProviderMessage[]> {
    try {
      const messages = await (await this.client()).messages.list({ to: channel === 'whatsapp' ? `whatsapp:${to}` : to, limit: 50 });
      return messages.map((m) => ({ sid: m.sid, to: m.to, body: m.body, status: m.status, ...(m.dateCreated ? { createdAt: m.dateCreated } : {}) }));
    } catch (error) {
      throw mapTwilioError(error, `listing ${channel} messages`);
    }
  }

  async fetchMessage(sid: string): Promise<ProviderMessage> {
    try {
      const m = await (await this.client()).messages(sid).fetch();
      return { sid: m.sid, to: m.to, body: m.body, status: m.status, ...(m.dateCreated ? { createdAt: m.dateCreated } : {}) };
    } catch (error) {
      throw mapTwilioError(error, `fetching message ${sid}`);
    }
  }

  async fetchCall(sid: string): Promise<ProviderCall> {
    try {
      return toProviderCall(await (await this.client()).calls(sid).fetch());
    } catch (error) {
      throw mapTwilioError(error, `fetching call ${sid}`);
    }
  }

  async listCallsTo(to: string): Promise<ProviderCall[]> {
    try {
      return (await (await this.client()).calls.list({ to, limit: 50 })).map(toProviderCall);
    } catch (error) {
      throw mapTwilioError(error, `listing calls to ${masked(to)}`);
    }
  }

  async listRecordings(callSid: string): Promise<ProviderRecording[]> {
    try {
      const recordings = await (await this.client()).calls(callSid).recordings.list({ limit: 20 });
      // The resource's `uri` is its JSON; without `.json` on Twilio's API host it is the media RecordingUrl names.
      return recordings.map((recording) => ({
        sid: recording.sid,
        status: recording.status,
        durationSeconds: Number(recording.duration ?? 0),
        url: `${TWILIO_API}${recording.uri.replace(/\.json$/, '')}`,
      }));
    } catch (error) {
      throw mapTwilioError(error, `listing recordings of call ${callSid}`);
    }
  }

  notifyByVoice(to: string, from: string, message: string, statusCallbackUrl: string): Promise<ProviderCall> {
    return this.placeCall({ to, from, twiml: sayTwiml(message), statusCallbackUrl });
  }

  /** Media is plain HTTP with the account's basic auth (the SDK has no download call). */
  async downloadRecording(recordingUrl: string): Promise<Buffer> {
    const url = `${this.options.baseUrl ? recordingUrl.replace(/^https?:\/\/[^/]+/, this.options.baseUrl) : recordingUrl}.wav`;
    const credentials = Buffer.from(`${this.options.accountSid}:${this.options.authToken}`).toString('base64');
    const response = await fetch(url, {
      headers: { authorization: `Basic ${credentials}` },
      signal: AbortSignal.timeout(this.options.downloadTimeoutMs ?? 120_000),
    }).catch((error: unknown) => {
      throw (error as Error).name === 'TimeoutError' ? new TimeoutError(`downloading ${recordingUrl} timed out`, this.options.downloadTimeoutMs ?? 120_000) : error;
    });
    if (response.status === 404) throw new NonRetriableError(`recording ${recordingUrl} does not exist`);
    if (!response.ok) throw mapTwilioError({ status: response.status, message: await response.text() }, `downloading ${recordingUrl}`);
    return Buffer.from(await response.arrayBuffer());
  }

  isAuthenticWebhook(url: string, params: Record<string, string>, signature: string): boolean {
    return isSignedByTwilio(this.options.authToken, url, params, signature);
  }
}
