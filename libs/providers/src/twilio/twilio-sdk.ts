import { createRequire } from 'node:module';
import type Twilio from 'twilio';

const require = createRequire(import.meta.url);

/**
 * Twilio's SDK, loaded on first use as the other SDKs are (see onFirstUse). It is CommonJS, so
 * requiring it gives the very module an import would, and synchronously: the webhook signature
 * check and TwiML are synchronous.
 */
export const twilioSdk = (): typeof Twilio => require('twilio');
