import { BadRequestException, Body, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOperation } from '@nestjs/swagger';
import type { RunKind } from '@switchboard/contracts';
import type { Request } from 'express';
import { consoleCaller, ConsoleController, OperatorOnly } from '../access/console-controller.decorator.js';
import { OperatorActions } from '../audit/operator-actions.js';
import { type BulkJob, BulkJobs } from '../jobs/bulk-jobs.js';
import { DurableConsumers } from '../operations/durable-consumers.js';
import { RunCancels } from './run-cancels.js';
import { consumersOfKind } from './run-consumers.js';
import { CancelRunsRequest, ReplayRunsRequest } from './runs.dto.js';
import { RUN_KINDS, RunsReadModel } from './runs-read-model.js';

const MAX_RUNS = 10_000;

/** Bulk actions on runs, in the background with progress: cancel those a filter matches, replay a kind's from a time. */
@ConsoleController('runs')
export class RunsBulkController {
  constructor(
    private readonly readModel: RunsReadModel,
    private readonly cancels: RunCancels,
    private readonly consumers: DurableConsumers,
    private readonly jobs: BulkJobs,
    private readonly actions: OperatorActions,
    @Inject(RUN_KINDS) private readonly kinds: readonly RunKind[],
  ) {}

  @Post('cancel')
  @HttpCode(202)
  @OperatorOnly()
  @ApiOperation({
    summary: `Operator: cancel every run matching the filters (at most ${MAX_RUNS}), in the background, each through its workflow's own cancel (call-research: its campaign's, call-scoring: its job's); runs of kinds without a cancel, and runs already ended, are skipped with why. Follow GET jobs/{jobId}`,
  })
  @ApiAcceptedResponse()
  async cancel(@Body() body: CancelRunsRequest, @Req() request: Request): Promise<BulkJob> {
    const { reason, ...filter } = body;
    const from = filter.from ? new Date(filter.from) : undefined;
    const to = filter.to ? new Date(filter.to) : undefined;
    const runs = await this.readModel.matching({ ...filter, from, to }, MAX_RUNS);
    const actor = consoleCaller(request).actor;
    const described = Object.entries(filter).map(([name, value]) => `${name}=${value}`);
    const target = `runs${described.length ? ` where ${described.join(', ')}` : ''}`;
    return this.jobs.start(
      'runs.cancel-matching',
      runs,
      (run) => this.cancels.cancel(run, reason),
      (job) =>
        this.actions.record({
          action: 'runs.cancel-matching',
          actor,
          target,
          reason,
          outcome: `${job.done} of ${job.total} canceled${job.skipped ? `, ${job.skipped} skipped` : ''}${job.failed ? `, ${job.failed} failed` : ''}`,
          affected: job.done,
        }),
    );
  }

  @Post('replay')
  @HttpCode(202)
  @OperatorOnly()
  @ApiOperation({
    summary:
      "Operator: replay a kind's runs from a time: every service consumer its events go through is rewound there (as POST operations/replay, one by one, in the background) and reprocesses what was published since, of every run. Follow GET jobs/{jobId}",
  })
  @ApiAcceptedResponse()
  async replay(@Body() body: ReplayRunsRequest, @Req() request: Request): Promise<BulkJob> {
    const kind = this.kinds.find((known) => known.kind === body.kind);
    if (!kind) throw new BadRequestException(`kind must be one of ${this.kinds.map((known) => known.kind).join(', ')}`);
    const since = new Date(body.since);
    const consumers = consumersOfKind(await this.consumers.list(), kind, this.consumers.namespace);
    const actor = consoleCaller(request).actor;
    return this.jobs.start(
      'runs.replay-since',
      consumers,
      async (consumer) => {
        await this.consumers.rewind(consumer, { since });
        return true;
      },
      (job) =>
        this.actions.record({
          action: 'runs.replay-since',
          actor,
          target: `${kind.kind} runs since ${since.toISOString()}: ${consumers.map((consumer) => consumer.consumer).join(', ') || 'no consumer'}`.slice(0, 500),
          reason: body.reason,
          outcome: `${job.done} of ${job.total} consumers rewound${job.failed ? `, ${job.failed} failed: ${job.errors.join('; ')}` : ''}`.slice(0, 500),
          affected: job.done,
        }),
    );
  }
}
