import { researchCanceled, researchCompleted, researchFailed, researchRequested, researchStarted } from '@switchboard/contracts';
import { DeciderSpecification } from '@switchboard/event-store';
import { describe, it } from 'vitest';
import { researchRunDecider } from './research-run.decider.js';

const spec = DeciderSpecification.for(researchRunDecider);
const requested = researchRequested.create({ researchId: 'r1', campaignId: 'c1', meetingId: 'm1', prospects: [{ email: 'ada@acme.com', companyDomain: 'acme.com' }] });
const started = researchStarted.create({ researchId: 'r1' });
const outcome = { briefId: 'b1', brief: { summary: {} }, sources: [{ url: 'https://acme.com/about', about: 'company:acme.com' }], cachedCompanies: [] };
const completed = researchCompleted.create({ researchId: 'r1', ...outcome });

describe('research run decider', () => {
  it('pending -> generating -> ready', () => {
    spec.given([requested]).when({ type: 'start' }).then([started]);
    spec.given([requested, started]).when({ type: 'complete', ...outcome }).then([completed]);
  });

  it('starts once', () => spec.given([requested, started]).when({ type: 'start' }).then([]));

  it('ends once: a run redelivered after it completed stores no second brief', () => {
    spec.given([requested, started, completed]).when({ type: 'complete', ...outcome, briefId: 'b2' }).then([]);
    spec.given([requested, started, completed]).when({ type: 'fail', step: 'brief', reason: 'x' }).then([]);
  });

  it('fails naming the step', () =>
    spec.given([requested, started]).when({ type: 'fail', step: 'brief', reason: 'invalid' }).then([researchFailed.create({ researchId: 'r1', step: 'brief', reason: 'invalid' })]));

  it('a canceled run is not completed', () => {
    spec.given([requested]).when({ type: 'cancel' }).then([researchCanceled.create({ researchId: 'r1' })]);
    spec.given([requested, researchCanceled.create({ researchId: 'r1' })]).when({ type: 'complete', ...outcome }).then([]);
  });
});
