import { Controller, Get, Header, Inject, type OnModuleInit, UseGuards } from '@nestjs/common';
import { EventingRuntime } from '@switchboard/eventing';
import { metricsRegistry, scrapedGauge } from '@switchboard/telemetry';
import pg from 'pg';
import { RequiresRole, RoleGuard } from '../access/role.guard.js';

/** Prometheus text at GET /metrics: counters recorded as work happens, backlogs read on scrape. */
@Controller('metrics')
@UseGuards(RoleGuard)
@RequiresRole('operator')
export class MetricsController implements OnModuleInit {
  constructor(
    @Inject(pg.Pool) private readonly pool: pg.Pool,
    private readonly eventing: EventingRuntime,
  ) {}

  onModuleInit(): void {
    scrapedGauge('switchboard_consumer_lag', 'Messages not yet delivered to each durable consumer', ['consumer'], async () =>
      (await this.eventing.transport.consumerLag()).map(({ consumer, pending }) => ({ labels: { consumer }, value: pending })),
    );
    scrapedGauge('switchboard_relay_lag', 'Committed events the outbox relay has not published (on the leader)', [], async () => {
      const lag = await this.eventing.outboxRelay?.lag();
      return lag === undefined ? [] : [{ value: lag }];
    });
    scrapedGauge('switchboard_db_pool_clients', "The handlers' pool: connections open, idle, and requests waiting for one", ['state'], async () => [
      { labels: { state: 'total' }, value: this.pool.totalCount },
      { labels: { state: 'idle' }, value: this.pool.idleCount },
      { labels: { state: 'waiting' }, value: this.pool.waitingCount },
    ]);
    scrapedGauge('switchboard_timers_open', 'Durable timers waiting to fire', [], async () => {
      const { rows } = await this.pool.query(`SELECT count(*)::int AS open FROM "${this.eventing.options.schema}".timers WHERE parked_at IS NULL`);
      return [{ value: rows[0].open }];
    });
  }

  @Get()
  @Header('Content-Type', metricsRegistry.contentType)
  metrics(): Promise<string> {
    return metricsRegistry.metrics();
  }
}
