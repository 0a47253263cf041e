import { Body, Get, HttpCode, NotFoundException, Post, Query, Req } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import type { DeadLetterSummary } from '@switchboard/eventing';
import type { Request } from 'express';
import { ApiSeqParam, consoleCaller, ConsoleController, OperatorOnly, SeqParam } from '../access/console-controller.decorator.js';
import { OperatorActions } from '../audit/operator-actions.js';
import { maskPayload } from '../runs/masking.js';
import { type BulkJob, BulkJobs } from '../jobs/bulk-jobs.js';
import { DeadLetterAccess } from './dead-letter-access.js';
import { DeadLettersQuery, DiscardRequest, RedriveMatchingRequest, RedriveRequest } from './dead-letters.dto.js';

/** The DLQ: list, inspect, redrive one or all matching a filter (with progress), discard with a reason. */
@ConsoleController('dead-letters')
export class DeadLettersController {
  constructor(
    private readonly letters: DeadLetterAccess,
    private readonly actions: OperatorActions,
    private readonly jobs: BulkJobs,
  ) {}

  private queue() {
    return this.letters.queue();
  }

  @Get()
  @ApiOperation({ summary: 'Dead letters, oldest first: consumer, reason, attempts, last error, original subject' })
  @ApiOkResponse()
  list(@Query() query: DeadLettersQuery): Promise<DeadLetterSummary[]> {
    return this.letters.matching(query, query.limit ?? 200);
  }

  @Get(':seq')
  @ApiSeqParam()
  @ApiOperation({ summary: "A dead letter: every attempt's error, its headers and payload (masked)" })
  @ApiOkResponse()
  async show(@SeqParam() seq: number) {
    const letter = await (await this.queue()).show(seq);
    if (!letter) throw new NotFoundException(`no dead letter #${seq}`);
    return { ...letter, payload: maskPayload(letter.payload) };
  }

  @Post(':seq/redrive')
  @ApiSeqParam()
  @HttpCode(200)
  @OperatorOnly()
  @ApiOperation({ summary: 'Operator: publish the letter to its original subject again and remove it from the DLQ' })
  @ApiOkResponse()
  async redrive(@SeqParam() seq: number, @Body() body: RedriveRequest, @Req() request: Request) {
    const outcome = await (await this.queue()).redrive(seq);
    if (!outcome.redriven && !outcome.refused) throw new NotFoundException(`no dead letter #${seq}`);
    await this.actions.record({
      action: 'dead-letter.redrive',
      actor: consoleCaller(request).actor,
      target: `dead letter #${seq}`,
      reason: body.reason,
      outcome: outcome.refused ? `refused: ${outcome.refused}` : 'redriven',
      affected: outcome.redriven ? 1 : 0,
    });
    return outcome;
  }

  @Post(':seq/discard')
  @ApiSeqParam()
  @HttpCode(200)
  @OperatorOnly()
  @ApiOperation({ summary: 'Operator: remove the letter for good, with a reason' })
  @ApiOkResponse()
  async discard(@SeqParam() seq: number, @Body() body: DiscardRequest, @Req() request: Request) {
    if (!(await (await this.queue()).discard(seq))) throw new NotFoundException(`no dead letter #${seq}`);
    await this.actions.record({
      action: 'dead-letter.discard',
      actor: consoleCaller(request).actor,
      target: `dead letter #${seq}`,
      reason: body.reason,
      outcome: 'discarded',
      affected: 1,
    });
    return { discarded: true };
  }

  @Post('redrive')
  @HttpCode(202)
  @OperatorOnly()
  @ApiOperation({ summary: 'Operator: redrive every letter matching the filter, in the background; follow GET jobs/{jobId}' })
  @ApiAcceptedResponse()
  async redriveMatching(@Body() body: RedriveMatchingRequest, @Req() request: Request): Promise<BulkJob> {
    const letters = await this.letters.matching(body);
    const queue = await this.queue();
    const actor = consoleCaller(request).actor;
    const target = `dead letters${body.consumer ? ` of ${body.consumer}` : ''}${body.subject ? ` on ${body.subject}` : ''}`;
    return this.jobs.start(
      'dead-letters.redrive-matching',
      letters,
      async (letter) => {
        const outcome = await queue.redrive(letter.seq);
        return outcome.redriven || `#${letter.seq}: ${outcome.refused ?? 'gone'}`;
      },
      (job) =>
        this.actions.record({
          action: 'dead-letters.redrive-matching',
          actor,
          target,
          reason: body.reason,
          outcome: `${job.done} of ${job.total} redriven`,
          affected: job.done,
        }),
    );
  }
}
