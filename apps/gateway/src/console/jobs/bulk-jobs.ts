import { Injectable } from '@nestjs/common';
import { newEventId } from '@switchboard/contracts';

export interface BulkJob {
  id: string;
  action: string;
  total: number;
  done: number;
  failed: number;
  /** Items the action does not apply to (a run of a kind that has no cancel, one already ended). */
  skipped: number;
  state: 'running' | 'finished';
  errors: string[];
  /** Why items were skipped, each reason with how many. */
  skips: Record<string, number>;
}

/** What came of one item: done, failed (why), or skipped (why). */
export type ItemOutcome = true | string | { skipped: string };

const KEPT = 100;
const ERRORS_KEPT = 20;

/**
 * Bulk actions run in the background and report progress, so a page (or a script) can follow one
 * of many thousand items. Jobs live in this gateway process: a restart ends the job (each item is
 * idempotent, so it can be started again), and the audit trail holds the outcome.
 */
@Injectable()
export class BulkJobs {
  private readonly jobs = new Map<string, BulkJob>();

  start<T>(action: string, items: T[], work: (item: T) => Promise<ItemOutcome>, finished: (job: BulkJob) => Promise<void>): BulkJob {
    const job: BulkJob = { id: newEventId(), action, total: items.length, done: 0, failed: 0, skipped: 0, state: 'running', errors: [], skips: {} };
    this.jobs.set(job.id, job);
    for (const id of [...this.jobs.keys()].slice(0, Math.max(0, this.jobs.size - KEPT))) this.jobs.delete(id);
    void (async () => {
      for (const item of items) {
        const outcome = await work(item).catch((error: unknown) => String(error));
        if (outcome === true) job.done++;
        else if (typeof outcome === 'object') {
          job.skipped++;
          job.skips[outcome.skipped] = (job.skips[outcome.skipped] ?? 0) + 1;
        } else {
          job.failed++;
          if (job.errors.length < ERRORS_KEPT) job.errors.push(outcome);
        }
      }
      // Finished once its outcome is recorded: whoever sees it finished finds it in the audit trail.
      await finished(job).catch(() => undefined);
      job.state = 'finished';
    })();
    return job;
  }

  get(id: string): BulkJob | undefined {
    return this.jobs.get(id);
  }
}
