import { IsIn, IsObject, IsString } from 'class-validator';
import { defineEvent } from '../registry/event-definition.js';

export const TWILIO_WEBHOOK_KINDS = ['voice-status', 'voice-recording', 'messaging-status', 'messaging-inbound'] as const;

/** A provider's webhook, verified and kept as it came: the audit trail, and what services react to. */
export class TwilioWebhookReceived {
  @IsIn(TWILIO_WEBHOOK_KINDS) kind: (typeof TWILIO_WEBHOOK_KINDS)[number];
  /** The public URL Twilio signed. */
  @IsString() url: string;
  @IsObject() params: Record<string, string>;
}

export const twilioWebhookReceived = defineEvent({
  domain: 'gateway',
  aggregate: 'twilio-webhook',
  event: 'received',
  version: 1,
  payload: TwilioWebhookReceived,
});
