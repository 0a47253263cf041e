import { defineRunKind } from '../runs/run-kind.js';
import { scoringCallFailed, scoringCallQueued, scoringCallRequeued, scoringCallScored, scoringCallTriaged } from './scoring-call.events.js';
import {
  scoringJobCallsReceived,
  type ScoringJobCreated,
  scoringJobCanceled,
  scoringJobCreated,
  scoringJobFailed,
  scoringJobFinished,
  scoringJobRetried,
} from './scoring-job.events.js';

/** A call-scoring job, from its upload to its last call (correlation id = job id). */
export const callScoringRun = defineRunKind({
  kind: 'call-scoring',
  starts: [scoringJobCreated.type],
  steps: {
    [scoringJobCreated.type]: 'uploaded',
    [scoringCallQueued.type]: 'calls queued',
    [scoringJobCallsReceived.type]: 'calls queued',
    [scoringCallTriaged.type]: 'triaging and scoring',
    [scoringCallScored.type]: 'triaging and scoring',
    [scoringCallRequeued.type]: 'retrying calls',
    [scoringJobRetried.type]: 'retrying calls',
  },
  // A job with failed calls is still complete: each failure is counted on the run.
  ends: { [scoringJobFinished.type]: 'COMPLETED', [scoringJobCanceled.type]: 'CANCELED', [scoringJobFailed.type]: 'FAILED' },
  failures: [scoringCallFailed.type],
  label: (event) => (event.payload as ScoringJobCreated).fileName,
});
