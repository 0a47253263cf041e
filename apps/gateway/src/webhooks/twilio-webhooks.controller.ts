import { Body, Controller, ForbiddenException, Headers, HttpCode, Param, ParseEnumPipe, Post, Req } from '@nestjs/common';
import { newEventId, TWILIO_WEBHOOK_KINDS, twilioWebhookReceived } from '@switchboard/contracts';
import { EventStore } from '@switchboard/event-store';
import { isSignedByTwilio } from '@switchboard/providers';
import type { Request } from 'express';
import { GatewayConfig } from '../gateway.config.js';

type Kind = (typeof TWILIO_WEBHOOK_KINDS)[number];
const ROUTES: Record<string, Kind> = { status: 'voice-status', recording: 'voice-recording' };

/**
 * Twilio's callbacks. A callback is answered 2xx only once it is stored as an event, so Twilio
 * retries anything we did not keep; a forged one is refused and leaves no trace.
 */
@Controller('webhooks/twilio/voice')
export class TwilioWebhooksController {
  constructor(
    private readonly config: GatewayConfig,
    private readonly store: EventStore,
  ) {}

  @Post(':route')
  @HttpCode(204)
  async receive(
    @Param('route', new ParseEnumPipe(Object.keys(ROUTES))) route: string,
    @Body() params: Record<string, string>,
    @Headers('x-twilio-signature') signature: string | undefined,
    @Req() request: Request,
  ): Promise<void> {
    const url = `${this.config.publicUrl}${request.originalUrl}`;
    if (!signature || !isSignedByTwilio(this.config.twilio.authToken, url, params, signature)) {
      throw new ForbiddenException('X-Twilio-Signature does not match this request');
    }
    await this.store.append(`twilio-webhook-${newEventId()}`, [twilioWebhookReceived.create({ kind: ROUTES[route], url, params })], {
      expectedVersion: 'no_stream',
    });
  }
}
