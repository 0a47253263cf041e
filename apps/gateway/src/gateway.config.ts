import { IsPortNumber, SERVICE_PORTS, ServiceConfig } from '@switchboard/platform';
import { Matches } from 'class-validator';

const httpUrl = () => Matches(/^https?:\/\/[^\s]+$/, { message: 'must be an http(s) URL' });
const local = (port: number) => `http://127.0.0.1:${port}`;

export class GatewayConfig extends ServiceConfig {
  @IsPortNumber()
  GATEWAY_PORT: number = SERVICE_PORTS.gateway;

  @httpUrl() TELEPHONY_URL = local(SERVICE_PORTS.telephony);
  @httpUrl() TRANSCRIPTION_URL = local(SERVICE_PORTS.transcription);
  @httpUrl() CLAIMS_URL = local(SERVICE_PORTS.claims);
  @httpUrl() TASKS_URL = local(SERVICE_PORTS.tasks);
  @httpUrl() RESEARCH_URL = local(SERVICE_PORTS.research);

  get port(): number {
    return this.GATEWAY_PORT;
  }

  /** Where the gateway finds each service it fronts. */
  get services(): Record<string, string> {
    return {
      telephony: this.TELEPHONY_URL,
      transcription: this.TRANSCRIPTION_URL,
      claims: this.CLAIMS_URL,
      tasks: this.TASKS_URL,
      research: this.RESEARCH_URL,
    };
  }
}
