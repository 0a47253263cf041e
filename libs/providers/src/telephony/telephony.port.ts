/** What the platform needs from a telephony provider (Twilio today). Timeouts are the adapter's (30 s by default). */

export interface PlaceCall {
  to: string;
  from: string;
  /** TwiML the call runs (our agent's script). */
  twiml: string;
  statusCallbackUrl: string;
  recordingStatusCallbackUrl?: string;
}

export interface ProviderCall {
  sid: string;
  to: string;
  status: string;
  durationSeconds?: number;
  /** When the provider created it (to the second, as Twilio reports it). */
  createdAt?: Date;
}

export interface ProviderRecording {
  sid: string;
  /** Twilio's: `completed` once downloadable; `processing` / `in-progress` before; `absent` when there was no audio. */
  status: string;
  durationSeconds: number;
  /** The media URL, as the recording callback's RecordingUrl gives it (what downloadRecording takes). */
  url: string;
}

export interface OutgoingMessage {
  to: string;
  from: string;
  body: string;
  channel: 'sms' | 'whatsapp';
}

export abstract class TelephonyPort {
  abstract sendMessage(message: OutgoingMessage): Promise<{ sid: string; status: string }>;
  /** Dials; dual-channel recording when a recording callback is given. */
  abstract placeCall(call: PlaceCall): Promise<ProviderCall>;
  abstract fetchCall(sid: string): Promise<ProviderCall>;
  /**
   * Calls to a number, newest first: how a restarted dialer finds a call it placed but did not
   * record. A listed call says nothing of who placed it (no callback URL, no parameters of ours).
   */
  abstract listCallsTo(to: string): Promise<ProviderCall[]>;
  /** A call's recordings: how a recording whose callback never came is found. */
  abstract listRecordings(callSid: string): Promise<ProviderRecording[]>;
  /** A voice notification: the message is spoken, nothing recorded. */
  abstract notifyByVoice(to: string, from: string, message: string, statusCallbackUrl: string): Promise<ProviderCall>;
  /** The recording as WAV (dual channel when the call was recorded so). */
  abstract downloadRecording(recordingUrl: string): Promise<Buffer>;
  /** True when a webhook's signature matches its public URL and form parameters. */
  abstract isAuthenticWebhook(url: string, params: Record<string, string>, signature: string): boolean;
}
