import { defineEvent, EventRegistry } from '@switchboard/contracts';
import { IsNumber, IsString } from 'class-validator';

export class Ping {
  @IsString() probe: string;
  @IsNumber() sentAt: number;
}
export const ping = defineEvent({ domain: 'bench', aggregate: 'ping', event: 'sent', version: 1, payload: Ping });
export const pingRegistry = () => new EventRegistry().register(ping);

/** Wall-clock milliseconds with sub-millisecond precision, comparable across processes. */
export const wallClockMs = () => performance.timeOrigin + performance.now();
