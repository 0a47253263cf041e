import { IsPortNumber, SERVICE_PORTS, ServiceConfig } from '@switchboard/platform';

export class ResearchConfig extends ServiceConfig {
  @IsPortNumber()
  RESEARCH_PORT: number = SERVICE_PORTS.research;

  get port(): number {
    return this.RESEARCH_PORT;
  }
}
