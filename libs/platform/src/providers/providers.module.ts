import { type DynamicModule, Module } from '@nestjs/common';
import {
  EmbeddingsPort,
  LlmPort,
  LocalVideoStorage,
  OpenAiEmbeddings,
  OpenAiLlm,
  OpenAiSpeechToText,
  SpeechToTextPort,
  TelephonyPort,
  TwilioTelephony,
  VideoStoragePort,
} from '@switchboard/providers';
import { ServiceConfig } from '../config/service-config.js';

/**
 * The provider ports a service's handlers inject, bound to the official SDK adapters with the
 * service's credentials (or the simulator's). Building a client opens no connection.
 */
@Module({})
export class ProvidersModule {
  static forRoot(): DynamicModule {
    return {
      module: ProvidersModule,
      global: true,
      providers: [
        { provide: TelephonyPort, inject: [ServiceConfig], useFactory: (config: ServiceConfig) => new TwilioTelephony(config.twilio) },
        { provide: LlmPort, inject: [ServiceConfig], useFactory: (config: ServiceConfig) => new OpenAiLlm(config.openai) },
        {
          provide: SpeechToTextPort,
          inject: [ServiceConfig],
          useFactory: (config: ServiceConfig) => new OpenAiSpeechToText(config.openai),
        },
        { provide: EmbeddingsPort, inject: [ServiceConfig], useFactory: (config: ServiceConfig) => new OpenAiEmbeddings({ ...config.openai, embeddingModel: config.EMBEDDING_MODEL }) },
        { provide: VideoStoragePort, inject: [ServiceConfig], useFactory: (config: ServiceConfig) => new LocalVideoStorage(config.VIDEO_STORAGE_DIR) },
      ],
      exports: [TelephonyPort, LlmPort, SpeechToTextPort, EmbeddingsPort, VideoStoragePort],
    };
  }
}
