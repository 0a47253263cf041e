import { IsPortNumber, SERVICE_PORTS, ServiceConfig } from '@switchboard/platform';

export class TranscriptionConfig extends ServiceConfig {
  @IsPortNumber()
  TRANSCRIPTION_PORT: number = SERVICE_PORTS.transcription;

  get port(): number {
    return this.TRANSCRIPTION_PORT;
  }
}
