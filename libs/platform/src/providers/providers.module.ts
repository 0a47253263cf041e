import { type DynamicModule, Module } from '@nestjs/common';
import { LlmPort, OpenAiLlm, OpenAiSpeechToText, SpeechToTextPort, TelephonyPort, TwilioTelephony } from '@switchboard/providers';
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
      ],
      exports: [TelephonyPort, LlmPort, SpeechToTextPort],
    };
  }
}
