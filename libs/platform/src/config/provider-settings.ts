import { IsNotEmpty, IsOptional, IsString, Matches, ValidateIf } from 'class-validator';
import { IsPortNumber } from './port.decorator.js';

const HttpUrl = () => Matches(/^https?:\/\/[^\s]+$/, { message: 'must be an http(s) URL' });

/** The simulator's well-known credentials (libs/testing): used whenever a provider has no key. */
const SIMULATOR = { twilioSid: `AC${'0'.repeat(32)}`, twilioToken: 'simulator-auth-token', openaiKey: 'sk-simulator', anthropicKey: 'sk-ant-simulator' };

/**
 * Provider credentials. A provider without its key is the provider simulator (`npm start` runs it
 * then), so a fresh clone works with no keys at all and real keys switch each provider over.
 */
export abstract class ProviderSettings {
  @IsPortNumber() SIMULATOR_PORT: number = 4010;
  @IsOptional() @HttpUrl() SIMULATOR_URL?: string;

  @IsOptional() @Matches(/^AC[0-9a-f]{32}$/, { message: 'must be a Twilio account SID (AC + 32 hex digits)' })
  TWILIO_ACCOUNT_SID?: string;
  /** Signs Twilio's webhooks and authenticates our calls to Twilio: required with a real account. */
  @ValidateIf((settings: ProviderSettings) => settings.TWILIO_ACCOUNT_SID !== undefined || settings.TWILIO_AUTH_TOKEN !== undefined)
  @IsString()
  @IsNotEmpty({ message: 'TWILIO_AUTH_TOKEN is required with TWILIO_ACCOUNT_SID' })
  TWILIO_AUTH_TOKEN?: string;
  @Matches(/^\+[1-9]\d{6,14}$/, { message: 'must be an E.164 number' }) TWILIO_FROM_NUMBER = '+15550100000';

  @IsOptional() @IsString() OPENAI_API_KEY?: string;
  @IsOptional() @HttpUrl() OPENAI_BASE_URL?: string;
  @IsString() LLM_MODEL = 'gpt-4.1';
  /** The embedding model videos are embedded (and searched) with; changing it calls for a re-embed. */
  @IsString() @IsNotEmpty() EMBEDDING_MODEL = 'text-embedding-3-small';

  /** Where uploaded videos are kept (a folder shared by the gateway and transcription), under the data directory by default. */
  @IsString() @IsNotEmpty() VIDEO_STORAGE_DIR = '.data/videos';

  /** Anthropic, for the services that ask it (research's briefs, claims' call scoring). */
  @IsOptional() @IsString() ANTHROPIC_API_KEY?: string;
  @IsOptional() @HttpUrl() ANTHROPIC_BASE_URL?: string;

  get simulatorUrl(): string {
    return (this.SIMULATOR_URL ?? `http://127.0.0.1:${this.SIMULATOR_PORT}`).replace(/\/$/, '');
  }

  get twilio(): { accountSid: string; authToken: string; baseUrl?: string } {
    if (this.TWILIO_ACCOUNT_SID) return { accountSid: this.TWILIO_ACCOUNT_SID, authToken: this.TWILIO_AUTH_TOKEN! };
    return { accountSid: SIMULATOR.twilioSid, authToken: this.TWILIO_AUTH_TOKEN ?? SIMULATOR.twilioToken, baseUrl: this.simulatorUrl };
  }

  get anthropic(): { apiKey: string; baseUrl?: string } {
    if (this.ANTHROPIC_API_KEY) return { apiKey: this.ANTHROPIC_API_KEY, baseUrl: this.ANTHROPIC_BASE_URL };
    return { apiKey: SIMULATOR.anthropicKey, baseUrl: `${this.simulatorUrl}/anthropic` };
  }

  get openai(): { apiKey: string; baseUrl?: string } {
    if (this.OPENAI_API_KEY) return { apiKey: this.OPENAI_API_KEY, baseUrl: this.OPENAI_BASE_URL };
    return { apiKey: SIMULATOR.openaiKey, baseUrl: `${this.simulatorUrl}/openai/v1` };
  }
}
