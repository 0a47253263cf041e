import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { NatsClient } from '@switchboard/eventing';
import pg from 'pg';

const CHECK_TIMEOUT_MS = 2_000;

/** Reachability of the two servers every service needs: NATS and Postgres. */
@Injectable()
export class DependenciesHealth {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly nats: NatsClient,
    @Inject(pg.Pool) private readonly pool: pg.Pool,
  ) {}

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
