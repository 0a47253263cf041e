import { defineEvent, EventRegistry } from '@switchboard/contracts';
import { IsIn, IsInt, IsOptional, IsString } from 'class-validator';

export const BEHAVIOURS = ['ok', 'poison', 'non-retriable', 'fail-once', 'fail-twice', 'retry-after', 'exit', 'broken-until-fixed', 'dial', 'call-provider', 'provider-refused'] as const;

export class ItemAdded {
  @IsString() itemId: string;
  @IsInt() n: number;
  /** What the test worker's handler does with it. */
  @IsOptional() @IsIn(BEHAVIOURS) behaviour?: (typeof BEHAVIOURS)[number];
  @IsOptional() @IsInt() delayMs?: number;
  /** Free text: a test makes an event as large as it needs with it. */
  @IsOptional() @IsString() note?: string;
}

export const itemAdded = defineEvent({ domain: 'test', aggregate: 'item', event: 'added', version: 1, payload: ItemAdded });

export class JobQueued {
  @IsString() jobId: string;
  /** Rate limit and concurrency key. */
  @IsString() key: string;
  @IsInt() workMs: number;
}

export const jobQueued = defineEvent({ domain: 'test', aggregate: 'job', event: 'queued', version: 1, payload: JobQueued });

/** Recorded once the (simulated) provider was asked to place the call for an item. */
export class CallPlaced {
  @IsString() itemId: string;
}

export const callPlaced = defineEvent({ domain: 'test', aggregate: 'call', event: 'placed', version: 1, payload: CallPlaced });

export const workerRegistry = () => new EventRegistry().register(itemAdded, jobQueued, callPlaced);
