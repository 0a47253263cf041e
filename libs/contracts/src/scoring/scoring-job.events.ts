import { Type } from 'class-transformer';
import { IsArray, IsIn, IsInt, IsOptional, IsString, Min, ValidateNested } from 'class-validator';
import { defineEvent } from '../registry/event-definition.js';

/** A row of the sheet that could not become a call, and why (row numbers count the header as row 1). */
export class SkippedRow {
  @IsInt() @Min(1) row: number;
  @IsString() reason: string;
}

/** A sheet accepted for scoring: its calls follow as `scoring-call.queued`, one stream each. */
export class ScoringJobCreated {
  @IsString() jobId: string;
  @IsString() fileName: string;
  @IsString() silverModel: string;
  @IsString() goldModel: string;
  /** `<rubric id>@<version>`: the rubric is data, and a job keeps the version it started with. */
  @IsString() rubric: string;
  @IsArray() @IsString({ each: true }) callIds: string[];
  @IsArray() @ValidateNested({ each: true }) @Type(() => SkippedRow) skippedRows: SkippedRow[];
  /** Unusable rows beyond those reported. */
  @IsInt() @Min(0) moreSkipped: number;
}

export const SCORING_JOB_OUTCOMES = ['COMPLETED', 'COMPLETED_WITH_FAILURES'] as const;

/** Every call is final (scored, skipped by triage, or failed). */
export class ScoringJobFinished {
  @IsString() jobId: string;
  @IsIn(SCORING_JOB_OUTCOMES) outcome: (typeof SCORING_JOB_OUTCOMES)[number];
}

/** No new model call starts for the job; calls not yet analysed end CANCELED. */
export class ScoringJobCanceled {
  @IsString() jobId: string;
  @IsOptional() @IsString() reason?: string;
}

/** Failed calls are queued again (their stage failures are forgotten, their cached stages kept). */
export class ScoringJobRetried {
  @IsString() jobId: string;
  @IsArray() @IsString({ each: true }) callIds: string[];
}

/**
 * The calls queued so far (a batch of the upload arrived): `received` equal to the created
 * `callIds` is the upload complete, which ends its deadline.
 */
export class ScoringJobCallsReceived {
  @IsString() jobId: string;
  @IsInt() @Min(1) received: number;
}

/** The upload's deadline passed (a durable timer, set when the job is created). */
export class ScoringJobUploadDue {
  @IsString() jobId: string;
}

/** The job cannot complete: its upload stopped before every call arrived (the calls received end as they are). */
export class ScoringJobFailed {
  @IsString() jobId: string;
  @IsString() reason: string;
}

export const scoringJobCreated = defineEvent({ domain: 'claims', aggregate: 'scoring-job', event: 'created', version: 1, payload: ScoringJobCreated });
export const scoringJobFinished = defineEvent({ domain: 'claims', aggregate: 'scoring-job', event: 'finished', version: 1, payload: ScoringJobFinished });
export const scoringJobCanceled = defineEvent({ domain: 'claims', aggregate: 'scoring-job', event: 'canceled', version: 1, payload: ScoringJobCanceled });
export const scoringJobRetried = defineEvent({ domain: 'claims', aggregate: 'scoring-job', event: 'retried', version: 1, payload: ScoringJobRetried });

export const scoringJobCallsReceived = defineEvent({ domain: 'claims', aggregate: 'scoring-job', event: 'calls-received', version: 1, payload: ScoringJobCallsReceived });
export const scoringJobUploadDue = defineEvent({ domain: 'claims', aggregate: 'scoring-job', event: 'upload-due', version: 1, payload: ScoringJobUploadDue });
export const scoringJobFailed = defineEvent({ domain: 'claims', aggregate: 'scoring-job', event: 'failed', version: 1, payload: ScoringJobFailed });

export const scoringJobEvents = [scoringJobCreated, scoringJobFinished, scoringJobCanceled, scoringJobRetried, scoringJobCallsReceived, scoringJobUploadDue, scoringJobFailed];
