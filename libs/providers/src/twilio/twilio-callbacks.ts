import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

/** Twilio's SIDs: a two-letter prefix naming the resource, then 32 hex digits. */
const sid = (prefix: string) => Matches(new RegExp(`^${prefix}[0-9a-f]{32}$`), { message: `$property must be a Twilio SID (${prefix} and 32 hex digits)` });
const seconds = () => Matches(/^\d{1,7}$/, { message: '$property must be a whole number of seconds' });

/** CallStatus values of Twilio's voice status callback. */
export const TWILIO_CALL_STATUSES = ['queued', 'initiated', 'ringing', 'in-progress', 'completed', 'busy', 'no-answer', 'failed', 'canceled'] as const;
/** RecordingStatus values of Twilio's recording status callback. */
export const TWILIO_RECORDING_STATUSES = ['in-progress', 'completed', 'absent', 'failed'] as const;

/**
 * The fields of Twilio's voice status callback that services act on; Twilio sends more, which are
 * kept as they came. Validated after the signature: a signed callback is Twilio's, yet what we
 * read of it must still be what Twilio documents.
 */
export class VoiceStatusCallback {
  @sid('CA') CallSid: string;
  @IsIn(TWILIO_CALL_STATUSES) CallStatus: string;
  @IsOptional() @seconds() CallDuration?: string;
}

/** The fields of Twilio's recording status callback that services act on. */
export class RecordingStatusCallback {
  @sid('CA') CallSid: string;
  @sid('RE') RecordingSid: string;
  @IsIn(TWILIO_RECORDING_STATUSES) RecordingStatus: string;
  @IsOptional() @Matches(/^https?:\/\/[^\s]+$/, { message: '$property must be an http(s) URL' }) @MaxLength(2048) RecordingUrl?: string;
  @IsOptional() @seconds() RecordingDuration?: string;
}

/** MessageStatus values of Twilio's message status callback. */
export const TWILIO_MESSAGE_STATUSES = ['accepted', 'scheduled', 'queued', 'sending', 'sent', 'delivered', 'read', 'undelivered', 'failed', 'canceled', 'receiving', 'received'] as const;

/** The fields of Twilio's message status callback that services act on. */
export class MessageStatusCallback {
  @sid('(SM|MM)') MessageSid: string;
  @IsIn(TWILIO_MESSAGE_STATUSES) MessageStatus: string;
  @IsOptional() @Matches(/^\d{1,6}$/, { message: '$property must be a Twilio error code' }) ErrorCode?: string;
}

/** An inbound SMS or WhatsApp message (the number's messaging webhook). */
export class InboundMessage {
  @sid('(SM|MM)') MessageSid: string;
  @Matches(/^(whatsapp:)?\+[1-9]\d{6,14}$/, { message: '$property must be an E.164 number (whatsapp: allowed)' }) From: string;
  @IsString() @MaxLength(1_600) Body: string;
}
