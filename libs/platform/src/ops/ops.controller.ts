import { Controller, Get, Inject, Query } from '@nestjs/common';
import { type WaitingReport, waitingReport } from '@switchboard/durable';
import { EventingRuntime } from '@switchboard/eventing';
import pg from 'pg';

/** Operators' view of a service: what is waiting, and why. */
@Controller('ops')
export class OpsController {
  constructor(
    @Inject(pg.Pool) private readonly pool: pg.Pool,
    private readonly eventing: EventingRuntime,
  ) {}

  /** Pending timers, debounced keys, rate-limit windows, concurrency slots, scheduled retries, deferred work per key. */
  @Get('waiting')
  waiting(@Query('limit') limit = '100'): Promise<WaitingReport> {
    return waitingReport(this.pool, this.eventing.options.schema, Math.min(Number(limit) || 100, 1_000));
  }
}
