import type { ServiceDefinition } from '@switchboard/platform';
import { TranscriptionConfig } from './transcription.config.js';
import { TranscriptionModule } from './transcription.module.js';

export const transcriptionApp: ServiceDefinition<TranscriptionConfig> = {
  name: 'transcription',
  config: TranscriptionConfig,
  module: TranscriptionModule,
};
