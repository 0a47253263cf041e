/**
 * The provider calls back on the gateway's Twilio routes; the Call's id rides in the query string,
 * which Twilio signs with the rest of the URL, so a callback names its Call without a lookup.
 */
export const callbackUrls = (publicUrl: string, callId: string) => ({
  status: `${publicUrl}/webhooks/twilio/voice/status?callId=${encodeURIComponent(callId)}`,
  recording: `${publicUrl}/webhooks/twilio/voice/recording?callId=${encodeURIComponent(callId)}`,
});

export const callIdOf = (callbackUrl: string): string | undefined => new URL(callbackUrl).searchParams.get('callId') ?? undefined;
