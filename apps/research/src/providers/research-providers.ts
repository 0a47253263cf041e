import { AnthropicLlm, GoogleCalendar, GoogleOAuth, PerplexityResearch, WebResearchPort } from '@switchboard/providers';
import { SecretVault } from '@switchboard/platform';
import { ResearchConfig } from '../research.config.js';

/** Builds a Calendar API client for one access token (each connection has its own). */
export class CalendarClients {
  constructor(private readonly baseUrl: string | undefined) {}

  forToken(accessToken: string, onUnauthorized?: () => void): GoogleCalendar {
    return new GoogleCalendar({ accessToken, baseUrl: this.baseUrl, onUnauthorized });
  }
}

/** The brief writer: Anthropic, apart from the service-wide LlmPort (OpenAI). */
export class BriefModel extends AnthropicLlm {}

const inject = [ResearchConfig];

/** Meeting prep's providers, from ResearchConfig: each the simulator's unless a real key is set. */
export const researchProviders = [
  { provide: SecretVault, inject, useFactory: (config: ResearchConfig) => new SecretVault(config.TOKEN_ENCRYPTION_KEYS) },
  { provide: GoogleOAuth, inject, useFactory: (config: ResearchConfig) => new GoogleOAuth(config.googleOAuth) },
  { provide: CalendarClients, inject, useFactory: (config: ResearchConfig) => new CalendarClients(config.calendarBaseUrl) },
  { provide: WebResearchPort, inject, useFactory: (config: ResearchConfig) => new PerplexityResearch({ ...config.perplexity, timeoutMs: 60_000 }) },
  { provide: BriefModel, inject, useFactory: (config: ResearchConfig) => new BriefModel({ ...config.anthropic, timeoutMs: 120_000 }) },
];
