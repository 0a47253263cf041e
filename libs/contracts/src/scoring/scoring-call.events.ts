import { Type } from 'class-transformer';
import { IsArray, IsBoolean, IsDefined, IsIn, IsInt, IsNumber, IsObject, IsOptional, IsString, Min, ValidateNested } from 'class-validator';
import { defineEvent } from '../registry/event-definition.js';

/** What a stage's model call cost (zero tokens when the answer came from the cache). */
export class ModelUsage {
  @IsString() model: string;
  @IsInt() @Min(0) inputTokens: number;
  @IsInt() @Min(0) outputTokens: number;
  @IsNumber() @Min(0) costUsd: number;
}

/** The call as the sheet gave it (bronze). */
export class ScoringCallQueued {
  @IsString() callId: string;
  @IsString() jobId: string;
  /** The sheet row it came from (the header is row 1). */
  @IsInt() @Min(2) row: number;
  @IsString() transcript: string;
  @IsOptional() @IsString() externalId?: string;
  @IsOptional() @IsString() agent?: string;
  @IsOptional() @IsString() date?: string;
  @IsOptional() @IsNumber() durationSeconds?: number;
  @IsString() silverModel: string;
  @IsString() goldModel: string;
  @IsString() rubric: string;
}

export const TRIAGE_VERDICTS = ['analyse', 'voicemail', 'wrong_number', 'too_short'] as const;
export type TriageVerdict = (typeof TRIAGE_VERDICTS)[number];

/** Silver: should the call be scored at all, and the fields the small model extracted. */
export class ScoringCallTriaged {
  @IsString() callId: string;
  @IsString() jobId: string;
  @IsIn(TRIAGE_VERDICTS) verdict: TriageVerdict;
  @IsObject() extraction: Record<string, unknown>;
  @IsDefined() @ValidateNested() @Type(() => ModelUsage) usage: ModelUsage;
  @IsBoolean() cached: boolean;
  /** The cache key this answer is kept under. */
  @IsString() cacheKey: string;
}

export class CriterionScore {
  @IsString() criterion: string;
  @IsInt() @Min(0) score: number;
  @IsInt() @Min(1) maxScore: number;
  @IsString() evidence: string;
}

/** Gold: the rubric's scores with evidence quotes, and coaching notes. */
export class ScoringCallScored {
  @IsString() callId: string;
  @IsString() jobId: string;
  @IsArray() @ValidateNested({ each: true }) @Type(() => CriterionScore) scores: CriterionScore[];
  /** 0-100: the scores' share of their maxima. */
  @IsNumber() overall: number;
  @IsArray() @IsString({ each: true }) coaching: string[];
  @IsDefined() @ValidateNested() @Type(() => ModelUsage) usage: ModelUsage;
  @IsBoolean() cached: boolean;
  @IsString() cacheKey: string;
}

export const SCORING_STAGES = ['silver', 'gold'] as const;

/** What no retry fixed: the call fails, the job goes on. */
export class ScoringCallFailed {
  @IsString() callId: string;
  @IsString() jobId: string;
  @IsIn(SCORING_STAGES) stage: (typeof SCORING_STAGES)[number];
  @IsString() reason: string;
}

/** The job was canceled before this call's next model call. */
export class ScoringCallCanceled {
  @IsString() callId: string;
  @IsString() jobId: string;
}

/** A failed call queued again by an operator: the stage it failed in runs again. */
export class ScoringCallRequeued {
  @IsString() callId: string;
  @IsString() jobId: string;
  @IsIn(SCORING_STAGES) stage: (typeof SCORING_STAGES)[number];
}

const call = <P, const E extends string>(event: E, payload: new () => P) => defineEvent({ domain: 'claims', aggregate: 'scoring-call', event, version: 1, payload });
export const scoringCallQueued = call('queued', ScoringCallQueued);
export const scoringCallTriaged = call('triaged', ScoringCallTriaged);
export const scoringCallScored = call('scored', ScoringCallScored);
export const scoringCallFailed = call('failed', ScoringCallFailed);
export const scoringCallCanceled = call('canceled', ScoringCallCanceled);
export const scoringCallRequeued = call('requeued', ScoringCallRequeued);

export const scoringCallEvents = [scoringCallQueued, scoringCallTriaged, scoringCallScored, scoringCallFailed, scoringCallCanceled, scoringCallRequeued];
