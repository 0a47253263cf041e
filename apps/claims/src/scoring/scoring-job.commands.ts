import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { GOLD_MODELS, newEventId, type ScoringJobView, type SkippedRow } from '@switchboard/contracts';
import { EventStore } from '@switchboard/event-store';
import { CommandError, OnCommand } from '@switchboard/eventing';
import { ClaimsConfig } from '../claims.config.js';
import { DEFAULT_RUBRIC, latestRubric, rubricRef } from './rubrics.js';
import { ScoringCalls, ScoringJobs } from './scoring.aggregates.js';
import { ScoringJobConflict } from './scoring-job.decider.js';
import { ScoringJobQueries } from './scoring-job.queries.js';
import { ScoringProgress } from './scoring-progress.js';

export interface CreateScoringJob {
  fileName: string;
  callCount: number;
  goldModel?: string;
  rubric?: string;
  skippedRows: SkippedRow[];
  moreSkipped: number;
}

/** One parsed row; `index` is its place among the job's calls (0-based). */
export interface SheetCall {
  index: number;
  row: number;
  transcript: string;
  externalId?: string;
  agent?: string;
  date?: string;
  durationSeconds?: number;
}

const conflict = (error: unknown) => (error instanceof ScoringJobConflict ? new CommandError('CONFLICT', error.message) : error);

/**
 * Scoring jobs from the gateway: created with its calls' ids, then the calls arrive in batches
 * (a sheet's calls together could exceed the broker's max payload), then cancel and retry.
 */
@Controller()
export class ScoringJobCommands {
  constructor(
    private readonly jobs: ScoringJobs,
    private readonly calls: ScoringCalls,
    private readonly store: EventStore,
    private readonly queries: ScoringJobQueries,
    private readonly config: ClaimsConfig,
    private readonly progress: ScoringProgress,
  ) {}

  @OnCommand('claims.scoring.job.create')
  async create(@Payload() command: CreateScoringJob): Promise<ScoringJobView> {
    const goldModel = command.goldModel ?? this.config.SCORING_GOLD_MODEL;
    if (!(GOLD_MODELS as readonly string[]).includes(goldModel) && goldModel !== this.config.SCORING_GOLD_MODEL) {
      throw new CommandError('INVALID', `goldModel must be one of ${GOLD_MODELS.join(', ')}`, [{ field: 'goldModel', messages: [`goldModel must be one of ${GOLD_MODELS.join(', ')}`] }]);
    }
    const rubric = latestRubric(command.rubric ?? DEFAULT_RUBRIC);
    if (!rubric) throw new CommandError('INVALID', `rubric ${command.rubric} is unknown`, [{ field: 'rubric', messages: [`rubric ${command.rubric} is unknown`] }]);
    const jobId = newEventId();
    await this.jobs.execute(
      jobId,
      {
        type: 'create',
        jobId,
        fileName: command.fileName,
        silverModel: this.config.SCORING_SILVER_MODEL,
        goldModel,
        rubric: rubricRef(rubric),
        callIds: Array.from({ length: command.callCount }, () => newEventId()),
        skippedRows: command.skippedRows,
        moreSkipped: command.moreSkipped,
      },
      { cause: { correlationId: jobId } },
    );
    return this.queries.get({ jobId });
  }

  /**
   * Queues a batch of the job's calls in one transaction, counted on the job; a batch sent again
   * queues nothing twice. A job whose upload deadline failed it takes no more (409).
   */
  @OnCommand('claims.scoring.job.add-calls')
  async addCalls(@Payload() command: { jobId: string; calls: SheetCall[] }): Promise<{ queued: number }> {
    const { events } = await this.jobs.load(command.jobId);
    const created = events[0]?.payload as { callIds: string[]; silverModel: string; goldModel: string; rubric: string } | undefined;
    if (!created) throw CommandError.notFound(`scoring job ${command.jobId}`);
    const { silverModel, goldModel, rubric } = created;
    const cause = { correlationId: command.jobId };
    await this.store
      .transaction(async (tx) => {
        // Under the job's lock, so the upload deadline sees a batch either whole or not at all.
        await this.progress.lock(command.jobId, tx);
        let count = 0;
        for (const { index, ...call } of command.calls) {
          const callId = created.callIds[index];
          if (!callId) throw new CommandError('INVALID', `call index ${index} is beyond the job's ${created.callIds.length} calls`);
          const { events: queued } = await this.calls.execute(callId, { type: 'queue', callId, jobId: command.jobId, ...call, silverModel, goldModel, rubric }, { tx, cause });
          if (queued.length > 0) count++;
        }
        await this.jobs.execute(command.jobId, { type: 'receive', count }, { tx, cause });
      })
      .catch((error) => Promise.reject(conflict(error)));
    return { queued: command.calls.length };
  }

  @OnCommand('claims.scoring.job.cancel')
  async cancel(@Payload() command: { jobId: string }): Promise<ScoringJobView> {
    await this.queries.get(command); // 404 first
    await this.jobs.execute(command.jobId, { type: 'cancel' }, { cause: { correlationId: command.jobId } }).catch((error) => Promise.reject(conflict(error)));
    return this.queries.get(command);
  }

  /** Failed calls (one, or all of the job's) run again from the stage they failed in. */
  @OnCommand('claims.scoring.job.retry')
  async retry(@Payload() command: { jobId: string; callId?: string }): Promise<ScoringJobView> {
    await this.queries.get(command);
    const failed = (await this.queries.failedCallIds(command.jobId)).filter((id) => !command.callId || id === command.callId);
    if (command.callId && failed.length === 0) throw new CommandError('CONFLICT', `call ${command.callId} of job ${command.jobId} has not failed`);
    await this.store
      .transaction(async (tx) => {
        const cause = { correlationId: command.jobId };
        await this.jobs.execute(command.jobId, { type: 'retry', callIds: failed }, { tx, cause });
        for (const callId of failed) await this.calls.execute(callId, { type: 'requeue' }, { tx, cause });
      })
      .catch((error) => Promise.reject(conflict(error)));
    return this.queries.get(command);
  }
}
