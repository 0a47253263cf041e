import { claimExtractionFailed, claimsExtracted } from '@switchboard/contracts';
import { DeciderSpecification } from '@switchboard/event-store';
import { describe, it } from 'vitest';
import { callClaimsDecider } from './call-claims.decider.js';

const spec = DeciderSpecification.for(callClaimsDecider);
const ids = { callId: 'call-1', campaignId: 'camp-1' };
const claim = { claimId: 'cl-1', hypothesisId: 'h-1', statement: 'Books by phone', stance: 'supports' as const, confidence: 0.8, evidenceStart: 1, evidenceEnd: 3 };

describe("a call's claims", () => {
  it('are stored together, once', () => {
    const extracted = claimsExtracted.create({ ...ids, claims: [claim] });
    spec.given([]).when({ type: 'record', ...ids, claims: [claim] }).then([extracted]);
    spec.given([extracted]).when({ type: 'record', ...ids, claims: [{ ...claim, claimId: 'cl-2' }] }).then([]);
    spec.given([extracted]).when({ type: 'fail', ...ids, reason: 'late' }).then([]);
  });

  it('fail once, and are not stored after failing', () => {
    const failed = claimExtractionFailed.create({ ...ids, reason: 'transcript too short' });
    spec.given([]).when({ type: 'fail', ...ids, reason: 'transcript too short' }).then([failed]);
    spec.given([failed]).when({ type: 'record', ...ids, claims: [claim] }).then([]);
  });
});
