import { Injectable } from '@nestjs/common';
import { callResearchRun, callScoringRun } from '@switchboard/contracts';
import { CommandBus } from '@switchboard/eventing';
import { cancelCampaign } from '../../call-research/campaign-cancel.js';
import { cancelScoringJob } from '../../scoring/scoring-job-cancel.js';
import type { ItemOutcome } from '../jobs/bulk-jobs.js';
import type { RunRow } from './runs-read-model.js';

/**
 * How a run of each kind is canceled: through the same path as that workflow's own cancel route,
 * so the console can do nothing its API cannot. A kind absent here has no cancel (yet), and its
 * runs are skipped with that reason rather than failed.
 */
@Injectable()
export class RunCancels {
  private readonly byKind: Readonly<Record<string, (runId: string, reason?: string) => Promise<unknown>>>;

  constructor(commands: CommandBus) {
    this.byKind = {
      [callResearchRun.kind]: (runId, reason) => cancelCampaign(commands, runId, reason),
      [callScoringRun.kind]: (runId) => cancelScoringJob(commands, runId),
    };
  }

  /** Cancels one run through its kind's cancel, or says why it is skipped. */
  async cancel(run: RunRow, reason?: string): Promise<ItemOutcome> {
    const cancel = this.byKind[run.kind];
    if (!cancel) return { skipped: `${run.kind} runs have no cancel` };
    if (run.status !== 'RUNNING') return { skipped: `already ${run.status}` };
    return cancel(run.runId, reason).then(
      () => true,
      (error: unknown) => `${run.runId}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
