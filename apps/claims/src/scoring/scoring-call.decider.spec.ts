import { scoringCallCanceled, scoringCallFailed, scoringCallQueued, scoringCallScored, scoringCallTriaged } from '@switchboard/contracts';
import { DeciderSpecification } from '@switchboard/event-store';
import { describe, it } from 'vitest';
import { scoringCallDecider } from './scoring-call.decider.js';

const spec = DeciderSpecification.for(scoringCallDecider);
const ids = { callId: 'c-1', jobId: 'job-1' };
const bronze = { ...ids, row: 2, transcript: 'Agent: hello', silverModel: 'haiku', goldModel: 'sonnet', rubric: 'sales-call@1' };
const queued = scoringCallQueued.create(bronze);
const usage = { model: 'haiku', inputTokens: 10, outputTokens: 5, costUsd: 0.001 };
const silver = { verdict: 'analyse' as const, extraction: { intent: 'renewal' }, usage, cached: false, cacheKey: 'k-1' };
const triaged = scoringCallTriaged.create({ ...ids, ...silver });
const gold = { scores: [{ criterion: 'greeting', score: 4, maxScore: 5, evidence: 'hello' }], overall: 80, coaching: ['Ask sooner'], usage, cached: false, cacheKey: 'k-2' };
const scored = scoringCallScored.create({ ...ids, ...gold });
const goldFailed = scoringCallFailed.create({ ...ids, stage: 'gold', reason: 'invalid output' });
const silverFailed = scoringCallFailed.create({ ...ids, stage: 'silver', reason: 'invalid output' });

describe('a ScoringCall', () => {
  it('is queued once', () => {
    spec.given([]).when({ type: 'queue', ...bronze }).then([queued]);
    spec.given([queued]).when({ type: 'queue', ...bronze }).then([]);
  });

  it('records each stage once: a second delivery of a step finds it done', () => {
    spec.given([queued]).when({ type: 'triage', ...silver }).then([triaged]);
    spec.given([queued, triaged]).when({ type: 'triage', ...silver }).then([]);
    spec.given([queued, triaged]).when({ type: 'score', ...gold }).then([scored]);
    spec.given([queued, triaged, scored]).when({ type: 'score', ...gold }).then([]);
  });

  it('is not scored when triage skipped it', () => {
    const voicemail = scoringCallTriaged.create({ ...ids, ...silver, verdict: 'voicemail' });
    spec.given([queued, voicemail]).when({ type: 'score', ...gold }).then([]);
    spec.given([queued, voicemail]).when({ type: 'cancel' }).then([]);
  });

  it('fails or is canceled only before it is final', () => {
    spec.given([queued, triaged]).when({ type: 'fail', stage: 'gold', reason: 'invalid output' }).then([goldFailed]);
    spec.given([queued, triaged, scored]).when({ type: 'fail', stage: 'gold', reason: 'late' }).then([]);
    spec.given([queued]).when({ type: 'cancel' }).then([scoringCallCanceled.create(ids)]);
    spec.given([queued, triaged, goldFailed]).when({ type: 'cancel' }).then([]);
  });

  it('runs again the stage it failed in when requeued', () => {
    spec.given([queued, triaged, goldFailed]).when({ type: 'requeue' }).then([triaged]);
    spec.given([queued, silverFailed]).when({ type: 'requeue' }).then([queued]);
    spec.given([queued, triaged, scored]).when({ type: 'requeue' }).then([]);
    spec.given([queued, silverFailed, queued]).when({ type: 'triage', ...silver }).then([triaged]);
  });
});
