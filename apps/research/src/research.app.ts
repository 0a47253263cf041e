import type { ServiceDefinition } from '@switchboard/platform';
import { ResearchConfig } from './research.config.js';
import { ResearchModule } from './research.module.js';

export const researchApp: ServiceDefinition<ResearchConfig> = {
  name: 'research',
  config: ResearchConfig,
  module: ResearchModule,
};
