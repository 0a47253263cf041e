import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { EventingRuntime, NatsClient } from '@switchboard/eventing';
import pg from 'pg';

const CHECK_TIMEOUT_MS = 2_000;

/** Reachability of the two servers every service needs, NATS and Postgres, and whether eventing runs on them. */
@Injectable()
export class DependenciesHealth {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly nats: NatsClient,
    @Inject(pg.Pool) private readonly pool: pg.Pool,
    private readonly eventing: EventingRuntime,
  ) {}

  /** Down while the outbox relay is not running or any consumer is not pulling, naming each and why. */
  checkEventing = () => {
    const { healthy, relay, consumers } = this.eventing.health();
    const notPulling = consumers.filter((c) => !c.pulling).map(({ consumer, error }) => ({ consumer, error }));
    const details = { relay: relay.running ? 'running' : `not running: ${relay.error}`, consumers: consumers.length, notPulling };
    const indicator = this.indicators.check('eventing');
    return healthy ? indicator.up(details) : indicator.down(details);
  };

  checkNats = () =>
    this.indicators
      .check('nats')
      .attempt(async () => ({ rttMs: Math.round((await this.nats.ping()) * 100) / 100 }))
      .withTimeout(CHECK_TIMEOUT_MS);

  checkPostgres = () =>
    this.indicators
      .check('postgres')
      .attempt(async () => {
        await this.pool.query('SELECT 1');
      })
      .withTimeout(CHECK_TIMEOUT_MS);
}
