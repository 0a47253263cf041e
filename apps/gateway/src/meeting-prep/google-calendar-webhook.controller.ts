import { Controller, Headers, HttpCode, Logger, Post } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { PUSH_STATES } from '@switchboard/contracts';
import { CommandBus } from '@switchboard/eventing';
import { webhooksIgnored } from '@switchboard/telemetry';
import { invalidFields } from '../http/validation.pipe.js';

const CHANNEL_ID = /^[A-Za-z0-9_\-+/=]{1,64}$/;
const MAX_TOKEN = 256;

/**
 * Google Calendar push notifications. The research service owns the watch subscriptions: it checks
 * the channel id and token (constant time) and, when they match, keeps the push as an event and
 * debounces a sync, before this answers 2xx. Unknown channels and wrong tokens are answered 2xx
 * too (so Google stops retrying), logged and counted. A failure to hear back is a 5xx: Google retries.
 */
@Controller('webhooks/google')
@ApiExcludeController()
export class GoogleCalendarWebhookController {
  private readonly logger = new Logger(GoogleCalendarWebhookController.name);

  constructor(private readonly commands: CommandBus) {}

  @Post('calendar')
  @HttpCode(204)
  async receive(
    @Headers('x-goog-channel-id') channelId: string | undefined,
    @Headers('x-goog-channel-token') channelToken: string | undefined,
    @Headers('x-goog-resource-state') resourceState: string | undefined,
    @Headers('x-goog-message-number') messageNumber: string | undefined,
  ): Promise<void> {
    if (!channelId || !CHANNEL_ID.test(channelId)) throw invalidFields([{ field: 'X-Goog-Channel-ID', messages: ['missing or not a channel id'] }]);
    if (channelToken !== undefined && channelToken.length > MAX_TOKEN) throw invalidFields([{ field: 'X-Goog-Channel-Token', messages: [`longer than ${MAX_TOKEN}`] }]);
    if (!resourceState || !(PUSH_STATES as readonly string[]).includes(resourceState)) {
      throw invalidFields([{ field: 'X-Goog-Resource-State', messages: [`must be one of ${PUSH_STATES.join(', ')}`] }]);
    }
    const number = Number(messageNumber);
    const result = await this.commands.execute<{ accepted: boolean; ignored?: string }>(
      'research.calendar.push',
      { channelId, channelToken, resourceState, ...(Number.isSafeInteger(number) && number >= 0 && { messageNumber: number }) },
      { timeoutMs: 10_000 },
    );
    if (!result.accepted) {
      // The channel id is no secret; the token is never logged.
      this.logger.warn(`ignored a Google Calendar push on channel ${channelId}: ${result.ignored}`);
      webhooksIgnored.inc({ provider: 'google-calendar', reason: result.ignored ?? 'unknown' });
    }
  }
}
