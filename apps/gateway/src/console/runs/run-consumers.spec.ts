import { callScoringRun } from '@switchboard/contracts';
import { describe, expect, it } from 'vitest';
import { consumersOfKind } from './run-consumers.js';

const consumer = (name: string, filter: string) => ({ consumer: `t1_${name}`, filter: `t1.${filter}` });

describe('the consumers a run kind goes through', () => {
  it('takes those whose filter covers one of its event types at any version, wildcards included', () => {
    const consumers = [
      consumer('claims-scoring-created', 'claims.scoring-job.created.v1'),
      consumer('claims-scoring-v2', 'claims.scoring-job.finished.v2'),
      consumer('claims-scoring-calls', 'claims.scoring-call.*.v1'),
      consumer('claims-scoring-all', 'claims.scoring-job.>'),
      consumer('claims-hypotheses', 'claims.hypothesis.decided.v1'),
      consumer('claims-not-a-version', 'claims.scoring-job.created.x1'),
      consumer('claims-too-short', 'claims.scoring-job'),
      consumer('gateway-console-claims', 'claims.>'),
    ];
    expect(consumersOfKind(consumers, callScoringRun, 't1').map((c) => c.consumer)).toEqual([
      't1_claims-scoring-created',
      't1_claims-scoring-v2',
      't1_claims-scoring-calls',
      't1_claims-scoring-all',
    ]);
  });
});
