import { IsArray, IsIn, IsNumber, IsOptional, IsString } from 'class-validator';
import { defineEvent } from '../registry/event-definition.js';

export const HYPOTHESIS_VERDICTS = ['VALIDATED', 'INVALIDATED', 'INCONCLUSIVE'] as const;
export type HypothesisVerdict = (typeof HYPOTHESIS_VERDICTS)[number];

/** Fired by the per-hypothesis debounce timer once enough evidence has stopped arriving. */
export class HypothesisValidationDue {
  @IsString() hypothesisId: string;
  @IsString() campaignId: string;
}

export class HypothesisDecided {
  @IsString() hypothesisId: string;
  @IsString() campaignId: string;
  @IsIn(HYPOTHESIS_VERDICTS) status: HypothesisVerdict;
  @IsString() conclusion: string;
  @IsArray() @IsString({ each: true }) claimIds: string[];
  @IsNumber() averageConfidence: number;
}

/** Validation gave up (model unavailable or its answer unusable): the hypothesis stays undecided. */
export class HypothesisValidationFailed {
  @IsString() hypothesisId: string;
  @IsString() campaignId: string;
  @IsString() reason: string;
}

/** An operator asks for a decided hypothesis to be judged again on the evidence then present. */
export class HypothesisReopened {
  @IsString() hypothesisId: string;
  @IsString() campaignId: string;
  @IsOptional() @IsString() reason?: string;
}

export const hypothesisValidationDue = defineEvent({ domain: 'claims', aggregate: 'hypothesis', event: 'validation-due', version: 1, payload: HypothesisValidationDue });
export const hypothesisDecided = defineEvent({ domain: 'claims', aggregate: 'hypothesis', event: 'decided', version: 1, payload: HypothesisDecided });
export const hypothesisValidationFailed = defineEvent({ domain: 'claims', aggregate: 'hypothesis', event: 'validation-failed', version: 1, payload: HypothesisValidationFailed });
export const hypothesisReopened = defineEvent({ domain: 'claims', aggregate: 'hypothesis', event: 'reopened', version: 1, payload: HypothesisReopened });

export const hypothesisEvents = [hypothesisValidationDue, hypothesisDecided, hypothesisValidationFailed, hypothesisReopened];
