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
  /** Where Twilio reports the message's delivery (queued, sent, delivered, read, undelivered, failed). */
  statusCallbackUrl?: string;
}

/** A message as the provider lists it: the body is what tells ours apart (nothing else we set comes back). */
export interface ProviderMessage {
  sid: string;
  to: string;
  body: string;
  status: string;
  createdAt?: Date;
}

export abstract class TelephonyPort {
  abstract sendMessage(message: OutgoingMessage): Promise<{ sid: string; status: string }>;
  /** Messages sent to a number (SMS or WhatsApp address as given when sending), newest first. */
  abstract listMessagesTo(to: string, channel: 'sms' | 'whatsapp'): Promise<ProviderMessage[]>;
  /** One message, as the provider has it now (its status): how a message whose callbacks were lost is followed. */
  abstract fetchMessage(sid: string): Promise<ProviderMessage>;
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
