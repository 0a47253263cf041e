import { Controller, Inject, type OnApplicationBootstrap } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { type EventEnvelope, type WatchRenewalDue, watchRenewalDue } from '@switchboard/contracts';
import { DurableTimers } from '@switchboard/durable';
import { type EventContext, OnEvent } from '@switchboard/eventing';
import { SERVICE_SCHEMA } from '@switchboard/platform';
import { WatchChannels } from './watch-channels.js';

export const RENEWAL_EVERY_MS = 6 * 3_600_000;
/** Channels expiring sooner than this are renewed at a slot (two slots' margin). */
export const RENEW_WITHIN_MS = 12 * 3_600_000;

/**
 * The renewal cron: every 6 h (once per slot across replicas: a repeating durable timer), each
 * connection whose live channel expires within 12 h gets a new channel asked for; the watch
 * handler opens it and stops the old one, or expires the watch and the owner is emailed.
 */
@Controller()
export class WatchRenewalHandler implements OnApplicationBootstrap {
  constructor(
    private readonly timers: DurableTimers,
    private readonly channels: WatchChannels,
    @Inject(SERVICE_SCHEMA) private readonly schema: string,
  ) {}

  onApplicationBootstrap(): void {
    this.timers.declareEvery({ key: 'watch-renewal', streamId: 'watch-renewal', event: watchRenewalDue.create({ slot: 'every-6h' }) }, RENEWAL_EVERY_MS);
  }

  @OnEvent(watchRenewalDue, { durable: 'research-watch-renewal', ackWaitMs: 30_000 })
  async renew(@Payload() event: EventEnvelope<WatchRenewalDue>, @Ctx() { tx }: EventContext): Promise<void> {
    const { rows } = await tx.query<{ connectionId: string; campaignId: string }>(
      `SELECT DISTINCT c.connection_id AS "connectionId", c.campaign_id AS "campaignId"
       FROM "${this.schema}".calendar_connections c JOIN "${this.schema}".watch_subscriptions w ON w.connection_id = c.connection_id
       WHERE c.status = 'CONNECTED' AND w.status = 'ACTIVE' AND w.expires_at < $1
         AND NOT EXISTS (SELECT 1 FROM "${this.schema}".watch_subscriptions n WHERE n.connection_id = c.connection_id AND n.status = 'PENDING')`,
      [new Date(Date.parse(event.occurredAt) + RENEW_WITHIN_MS)],
    );
    for (const row of rows) await this.channels.request(row.connectionId, tx, { id: event.id, correlationId: row.campaignId });
  }
}
