import { IsPortNumber, SERVICE_PORTS, ServiceConfig } from '@switchboard/platform';

export class TelephonyConfig extends ServiceConfig {
  @IsPortNumber()
  TELEPHONY_PORT: number = SERVICE_PORTS.telephony;

  get port(): number {
    return this.TELEPHONY_PORT;
  }
}
