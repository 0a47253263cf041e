import {
  scoringJobCallsReceived,
  scoringJobCanceled,
  scoringJobCreated,
  scoringJobFailed,
  scoringJobFinished,
  scoringJobRetried,
  scoringJobUploadDue,
} from '@switchboard/contracts';
import { DeciderSpecification } from '@switchboard/event-store';
import { describe, it } from 'vitest';
import { ScoringJobConflict, scoringJobDecider } from './scoring-job.decider.js';

const spec = DeciderSpecification.for(scoringJobDecider);
const job = {
  jobId: 'job-1',
  fileName: 'calls.xlsx',
  silverModel: 'claude-haiku-4-5',
  goldModel: 'claude-sonnet-4-6',
  rubric: 'sales-call@1',
  callIds: ['c-1', 'c-2'],
  skippedRows: [{ row: 4, reason: 'no transcript' }],
  moreSkipped: 0,
};
const created = scoringJobCreated.create(job);
const finished = scoringJobFinished.create({ jobId: 'job-1', outcome: 'COMPLETED_WITH_FAILURES' });
const canceled = scoringJobCanceled.create({ jobId: 'job-1' });

describe('a ScoringJob', () => {
  it('is created once; a sheet with no usable row is finished at once', () => {
    spec.given([]).when({ type: 'create', ...job }).then([created]);
    spec.given([created]).when({ type: 'create', ...job }).thenThrows(ScoringJobConflict);
    spec
      .given([])
      .when({ type: 'create', ...job, callIds: [] })
      .then([scoringJobCreated.create({ ...job, callIds: [] }), scoringJobFinished.create({ jobId: 'job-1', outcome: 'COMPLETED' })]);
  });

  it('finishes once, with the outcome its calls had', () => {
    spec.given([created]).when({ type: 'finish', outcome: 'COMPLETED_WITH_FAILURES' }).then([finished]);
    spec.given([created, finished]).when({ type: 'finish', outcome: 'COMPLETED' }).then([]);
  });

  it('is canceled only while it runs, and a canceled job does not finish', () => {
    spec.given([created]).when({ type: 'cancel' }).then([canceled]);
    spec.given([created, canceled]).when({ type: 'cancel' }).then([]);
    spec.given([created, canceled]).when({ type: 'finish', outcome: 'COMPLETED' }).then([]);
    spec.given([created, finished]).when({ type: 'cancel' }).thenThrows(ScoringJobConflict, /COMPLETED_WITH_FAILURES/);
  });

  it('reopens when failed calls are retried, unless canceled or nothing failed', () => {
    spec.given([created, finished]).when({ type: 'retry', callIds: ['c-2'] }).then([scoringJobRetried.create({ jobId: 'job-1', callIds: ['c-2'] })]);
    spec.given([created, finished, scoringJobRetried.create({ jobId: 'job-1', callIds: ['c-2'] })]).when({ type: 'finish', outcome: 'COMPLETED' }).then([scoringJobFinished.create({ jobId: 'job-1', outcome: 'COMPLETED' })]);
    spec.given([created, finished]).when({ type: 'retry', callIds: [] }).thenThrows(ScoringJobConflict, /no failed call/);
    spec.given([created, canceled]).when({ type: 'retry', callIds: ['c-2'] }).thenThrows(ScoringJobConflict, /canceled/);
  });

  it('counts the calls that arrive, and fails at the upload deadline only if some never did', () => {
    const one = scoringJobCallsReceived.create({ jobId: 'job-1', received: 1 });
    const both = scoringJobCallsReceived.create({ jobId: 'job-1', received: 2 });
    const due = scoringJobUploadDue.create({ jobId: 'job-1' });
    const failed = scoringJobFailed.create({ jobId: 'job-1', reason: 'upload incomplete: 1 of 2 rows received' });
    spec.given([created]).when({ type: 'receive', count: 1 }).then([one]);
    spec.given([created, one]).when({ type: 'receive', count: 1 }).then([both]);
    spec.given([created, one]).when({ type: 'receive', count: 0 }).then([]);
    spec.given([created, one, due]).when({ type: 'expire-upload' }).then([failed]);
    spec.given([created, one, both, due]).when({ type: 'expire-upload' }).then([]);
    spec.given([created, canceled, due]).when({ type: 'expire-upload' }).then([]);
    spec.given([created, one, failed]).when({ type: 'expire-upload' }).then([]);
  });

  it('takes no call, finish or retry once its upload failed', () => {
    const failed = scoringJobFailed.create({ jobId: 'job-1', reason: 'upload incomplete: 0 of 2 rows received' });
    spec.given([created, failed]).when({ type: 'receive', count: 1 }).thenThrows(ScoringJobConflict, /upload did not complete/);
    spec.given([created, failed]).when({ type: 'finish', outcome: 'COMPLETED' }).then([]);
    spec.given([created, failed]).when({ type: 'retry', callIds: ['c-1'] }).thenThrows(ScoringJobConflict, /upload the sheet again/);
    spec.given([created, failed]).when({ type: 'cancel' }).thenThrows(ScoringJobConflict, /FAILED/);
  });
});
