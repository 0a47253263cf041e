import { BadRequestException, Body, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBody, ApiExtraModels, ApiOkResponse, ApiOperation, getSchemaPath } from '@nestjs/swagger';
import type { Request } from 'express';
import type { WaitingReport } from '@switchboard/durable';
import type { FiredNow } from '@switchboard/platform';
import { consoleCaller, ConsoleController, OperatorOnly } from '../access/console-controller.decorator.js';
import { OperatorActions } from '../audit/operator-actions.js';
import { CronRunNowRequest } from './cron-run-now.dto.js';
import { type ConsumerState, DurableConsumers, type Replayed } from './durable-consumers.js';
import { ReplayConsumerRequest } from './replay.dto.js';
import { type ServiceAnswer, ServicesOps } from './services-ops.js';

/** What waits and why in every service, each durable consumer's backlog, each service's health; replays and crons run now. */
@ConsoleController('operations')
export class OperationsController {
  constructor(
    private readonly services: ServicesOps,
    private readonly durableConsumers: DurableConsumers,
    private readonly actions: OperatorActions,
  ) {}

  @Get('waiting')
  @ApiOperation({ summary: "Every service's waiting report (as GET /ops/waiting): timers, debounced keys, rate-limit windows, slots, retries, deferrals" })
  @ApiOkResponse()
  waiting(): Promise<ServiceAnswer<WaitingReport>[]> {
    return this.services.waiting();
  }

  @Get('consumers')
  @ApiOperation({ summary: 'Each durable consumer of each domain stream and the DLQ: pending (lag), ack pending, redelivered' })
  @ApiOkResponse()
  consumers(): Promise<ConsumerState[]> {
    return this.durableConsumers.list();
  }

  @Get('services')
  @ApiOperation({ summary: "Each service's /health" })
  @ApiOkResponse()
  health(): Promise<ServiceAnswer<unknown>[]> {
    return this.services.health();
  }

  @Post('replay')
  @HttpCode(200)
  @OperatorOnly()
  @ApiOperation({
    summary: 'Operator: rewind a durable consumer to a sequence or a time (as `npm run ops -- replay`); its handlers reprocess from there. Follow its pending on GET operations/consumers',
  })
  @ApiExtraModels(ReplayConsumerRequest)
  @ApiBody({
    // fromSequence and since exclude each other, which the schema alone cannot say: the examples show it.
    schema: { $ref: getSchemaPath(ReplayConsumerRequest) },
    examples: {
      fromSequence: { value: { consumer: 'claims-call-outcomes', fromSequence: 1, reason: 'reprocess after the extraction fix' } },
      since: { value: { consumer: 'claims-call-outcomes', since: '2026-12-01T09:00:00.000Z', reason: 'reprocess after the extraction fix' } },
    },
  })
  @ApiOkResponse()
  async replay(@Body() body: ReplayConsumerRequest, @Req() request: Request): Promise<Replayed> {
    if ((body.fromSequence === undefined) === (body.since === undefined)) throw new BadRequestException('give either fromSequence or since');
    const start = body.fromSequence !== undefined ? { fromSequence: body.fromSequence } : { since: new Date(body.since!) };
    const replayed = await this.durableConsumers.replay(body.consumer, start);
    await this.actions.record({
      action: 'consumer.replay',
      actor: consoleCaller(request).actor,
      target: `${body.consumer} from ${body.fromSequence !== undefined ? `sequence ${body.fromSequence}` : new Date(body.since!).toISOString()}`,
      reason: body.reason,
      outcome: `generation ${replayed.generation}, ${replayed.pending} to reprocess`,
      affected: replayed.pending,
    });
    return replayed;
  }

  @Post('crons/run-now')
  @HttpCode(200)
  @OperatorOnly()
  @ApiOperation({
    summary: "Operator: fire a service's repeating timer (a cron of GET operations/waiting) now, as at its slot; its next firing stays. 404 unknown key, 409 not a repeating timer",
  })
  @ApiOkResponse()
  async runCronNow(@Body() body: CronRunNowRequest, @Req() request: Request): Promise<FiredNow & { service: string; key: string }> {
    const fired = await this.services.runNow(body.service, body.key);
    await this.actions.record({
      action: 'cron.run-now',
      actor: consoleCaller(request).actor,
      target: `${body.service} cron ${body.key}`,
      reason: body.reason,
      outcome: `${fired.eventType} appended; next firing still ${new Date(fired.nextFireAt).toISOString()}`,
      affected: 1,
    });
    return { service: body.service, key: body.key, ...fired };
  }
}
