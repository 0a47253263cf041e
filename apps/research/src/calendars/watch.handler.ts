import { Controller, Inject, Logger } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { type CalendarWatchRequested, calendarWatchRequested, type EventEnvelope } from '@switchboard/contracts';
import { NonRetriableError } from '@switchboard/durable';
import { type EventContext, OnEvent } from '@switchboard/eventing';
import { SERVICE_SCHEMA } from '@switchboard/platform';
import { ResearchConfig } from '../research.config.js';
import { Calendars } from '../research.aggregates.js';
import { CalendarAccess } from './calendar-access.js';
import { WatchChannels } from './watch-channels.js';

export const WEBHOOK_PATH = '/webhooks/google/calendar';

/**
 * Opens the watch channel asked for (at connect, or by the renewal cron), then stops the one it
 * replaces. A channel Google will not open expires the connection's watch: the owner is told.
 */
@Controller()
export class WatchHandler {
  private readonly logger = new Logger(WatchHandler.name);

  constructor(
    private readonly calendars: Calendars,
    private readonly access: CalendarAccess,
    private readonly channels: WatchChannels,
    private readonly config: ResearchConfig,
    @Inject(SERVICE_SCHEMA) private readonly schema: string,
  ) {}

  @OnEvent(calendarWatchRequested, {
    durable: 'research-watch',
    concurrency: 4,
    retry: { attempts: 4, baseDelayMs: 1_000, maxDelayMs: 8_000, jitter: 0.2 },
  })
  async open(@Payload() event: EventEnvelope<CalendarWatchRequested>, @Ctx() context: EventContext): Promise<void> {
    const { connectionId, channelId } = event.payload;
    const { tx } = context;
    const cause = { tx, cause: event };
    const { state } = await this.calendars.load(connectionId, tx);
    if (state.channel?.channelId !== channelId || state.channel.resourceId || state.status !== 'CONNECTED') return; // superseded or done
    const calendar = await this.access.client(connectionId, tx, event);
    if (!calendar) return;
    const { rows: previous } = await tx.query<{ channelId: string; resourceId: string }>(
      `SELECT channel_id AS "channelId", resource_id AS "resourceId" FROM "${this.schema}".watch_subscriptions
       WHERE connection_id = $1 AND channel_id <> $2 AND status = 'ACTIVE' AND resource_id IS NOT NULL`,
      [connectionId, channelId],
    );
    const token = await this.channels.token(channelId, tx);
    if (token === undefined) {
      // Asked for before tokens were derived (only its digest was kept): one whose token can be made takes its place.
      await this.channels.replace(channelId, connectionId, tx, event);
      return;
    }
    try {
      const opened = await calendar.watch(state.calendarId!, { channelId, address: `${this.config.publicUrl}${WEBHOOK_PATH}`, token });
      await this.calendars.execute(
        connectionId,
        { type: 'record-watch', channelId, resourceId: opened.resourceId, expiresAt: opened.expiresAt.toISOString() },
        cause,
      );
    } catch (error) {
      if (context.willRetry(error)) throw error;
      if (context.attempt > 1 && error instanceof NonRetriableError) {
        // An earlier attempt may have opened this channel and died before recording it: Google then
        // refuses the id as taken. A new channel is asked for once (its first attempt expires the watch if refused too).
        // Retries spent on errors that are not refusals (Google down) expire the watch below: no new channel for ever.
        await this.channels.request(connectionId, tx, event);
        return;
      }
      await this.calendars.execute(connectionId, { type: 'expire-watch', channelId, reason: `watch failed: ${(error as Error).message}` }, cause);
      return;
    }
    for (const old of previous) {
      // Best effort: a channel left open only pushes to a subscription marked STOPPED, which is ignored.
      await calendar.stop(old).catch((error) => this.logger.warn(`stopping channel ${old.channelId} failed: ${(error as Error).message}`));
      await tx.query(`UPDATE "${this.schema}".watch_subscriptions SET status = 'STOPPED' WHERE channel_id = $1`, [old.channelId]);
    }
  }
}
