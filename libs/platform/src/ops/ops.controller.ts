import { BadRequestException, Body, Controller, Get, HttpCode, Inject, Post, Query, UseGuards } from '@nestjs/common';
import { DurableTimers, type FailedAttempt, FailedAttempts, type WaitingReport, waitingReport } from '@switchboard/durable';
import { EventingRuntime } from '@switchboard/eventing';
import pg from 'pg';
import { RequiresRole, RoleGuard } from '../access/role.guard.js';
import { type FiredNow, firedOrRefused } from './timer-run-now.js';

const MAX_LIMIT = 1_000;

/** `limit` of a report: a whole number of rows per section, 100 unless asked. */
function parseLimit(raw: string | undefined): number {
  if (raw === undefined) return 100;
  if (!/^\d{1,4}$/.test(raw) || Number(raw) < 1 || Number(raw) > MAX_LIMIT) {
    throw new BadRequestException(`limit must be a whole number from 1 to ${MAX_LIMIT}`);
  }
  return Number(raw);
}

/** Operators' view of a service: what is waiting, and why; a run's failed attempts; and a repeating timer run now. */
@Controller('ops')
@UseGuards(RoleGuard)
@RequiresRole('operator')
export class OpsController {
  constructor(
    @Inject(pg.Pool) private readonly pool: pg.Pool,
    private readonly eventing: EventingRuntime,
    private readonly timers: DurableTimers,
  ) {}

  /** Pending timers, debounced keys, rate-limit windows, concurrency slots, scheduled retries, deferred work per key. */
  @Get('waiting')
  waiting(@Query('limit') limit?: string): Promise<WaitingReport> {
    return waitingReport(this.pool, this.eventing.options.schema, parseLimit(limit));
  }

  /** A run's failed handler attempts in this service (`run` is its correlation id), oldest first: each with its error and next retry. */
  @Get('attempts')
  attempts(@Query('run') run?: string, @Query('limit') limit?: string): Promise<FailedAttempt[]> {
    if (typeof run !== 'string' || run.length === 0 || run.length > 200) throw new BadRequestException('run must be a correlation id (1 to 200 characters)');
    return new FailedAttempts(this.pool, this.eventing.options.schema).ofRun(run, parseLimit(limit));
  }

  /** Fires a repeating timer (a cron, listed in the waiting report) now; its next slot stays. 404 unknown, 409 not repeating or parked. */
  @Post('timers/run-now')
  @HttpCode(200)
  async runNow(@Body() body: { key?: unknown } | undefined): Promise<FiredNow> {
    const key = body?.key;
    if (typeof key !== 'string' || key.length === 0 || key.length > 200) throw new BadRequestException('key must be a timer key (1 to 200 characters)');
    return firedOrRefused(await this.timers.runNow(key));
  }
}
