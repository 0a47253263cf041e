export { type OutgoingMessage, type PlaceCall, type ProviderCall, TelephonyPort } from './telephony/telephony.port.js';
export { TwilioTelephony, type TwilioOptions } from './twilio/twilio.adapter.js';
