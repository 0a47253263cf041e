import type { ServiceDefinition } from '@switchboard/platform';
import { ClaimsConfig } from './claims.config.js';
import { ClaimsModule } from './claims.module.js';

export const claimsApp: ServiceDefinition<ClaimsConfig> = {
  name: 'claims',
  config: ClaimsConfig,
  module: ClaimsModule,
};
