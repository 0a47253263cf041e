import type { ServiceDefinition } from '@switchboard/platform';
import { TelephonyConfig } from './telephony.config.js';
import { TelephonyModule } from './telephony.module.js';

export const telephonyApp: ServiceDefinition<TelephonyConfig> = {
  name: 'telephony',
  config: TelephonyConfig,
  module: TelephonyModule,
};
