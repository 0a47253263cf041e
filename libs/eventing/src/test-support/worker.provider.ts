import { TwilioTelephony } from '@switchboard/providers';
import { DEFAULT_TWILIO_ACCOUNT } from '@switchboard/testing';

/** The simulator's Twilio for the worker's provider calls; its own module so only workers that call load the SDK. */
export const simulatedTelephony = (baseUrl?: string) => new TwilioTelephony({ ...DEFAULT_TWILIO_ACCOUNT, baseUrl });
