import { IsPortNumber, SERVICE_PORTS, ServiceConfig } from '@switchboard/platform';

export class ClaimsConfig extends ServiceConfig {
  @IsPortNumber()
  CLAIMS_PORT: number = SERVICE_PORTS.claims;

  get port(): number {
    return this.CLAIMS_PORT;
  }
}
