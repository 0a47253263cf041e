import { hypothesisDecided, hypothesisReopened, hypothesisValidationDue, hypothesisValidationFailed } from '@switchboard/contracts';
import { DeciderSpecification } from '@switchboard/event-store';
import { describe, it } from 'vitest';
import { hypothesisDecider, HypothesisRuleViolation } from './hypothesis.decider.js';

const spec = DeciderSpecification.for(hypothesisDecider);
const ids = { hypothesisId: 'h-1', campaignId: 'camp-1' };
const judgement = { ...ids, status: 'VALIDATED' as const, conclusion: 'Most book by phone', claimIds: ['a', 'b', 'c'], averageConfidence: 0.8 };
const due = hypothesisValidationDue.create(ids);
const decided = hypothesisDecided.create(judgement);

describe('a Hypothesis', () => {
  it('is decided once; later judgements change nothing', () => {
    spec.given([due]).when({ type: 'decide', ...judgement }).then([decided]);
    spec.given([due, decided]).when({ type: 'decide', ...judgement, status: 'INVALIDATED' }).then([]);
  });

  it('is judged again only after an operator reopens it', () => {
    const reopened = hypothesisReopened.create({ ...ids, reason: 'new calls' });
    spec.given([due, decided]).when({ type: 'reopen', ...ids, reason: 'new calls' }).then([reopened]);
    spec.given([due, decided, reopened]).when({ type: 'decide', ...judgement, status: 'INCONCLUSIVE' }).then([
      hypothesisDecided.create({ ...judgement, status: 'INCONCLUSIVE' }),
    ]);
    spec.given([]).when({ type: 'reopen', ...ids }).thenThrows(HypothesisRuleViolation);
  });

  it('records a validation that gave up, and stays open', () => {
    spec.given([due]).when({ type: 'give-up-validation', ...ids, reason: 'model unavailable' }).then([
      hypothesisValidationFailed.create({ ...ids, reason: 'model unavailable' }),
    ]);
    spec.given([due, decided]).when({ type: 'give-up-validation', ...ids, reason: 'late' }).then([]);
  });
});
