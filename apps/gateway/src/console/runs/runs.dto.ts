import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsPlainText } from '@switchboard/contracts';
import { Type } from 'class-transformer';
import { IsDate, IsIn, IsISO8601, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { IntQuery } from '../../http/int-query.decorator.js';

export const RUN_STATUSES = ['RUNNING', 'COMPLETED', 'FAILED', 'CANCELED'] as const;

/** Filters of the runs list; every field bounded. */
export class RunsQuery {
  @ApiPropertyOptional({ description: 'A workflow kind, e.g. call-research' })
  @IsOptional() @Matches(/^[a-z][a-z0-9-]{0,63}$/, { message: 'kind must be a workflow kind such as call-research' })
  kind?: string;

  @ApiPropertyOptional({ enum: RUN_STATUSES })
  @IsOptional() @IsIn(RUN_STATUSES)
  status?: (typeof RUN_STATUSES)[number];

  @ApiPropertyOptional({ description: 'Runs started at or after (ISO 8601)' })
  @IsOptional() @Type(() => Date) @IsDate()
  from?: Date;

  @ApiPropertyOptional({ description: 'Runs started before (ISO 8601)' })
  @IsOptional() @Type(() => Date) @IsDate()
  to?: Date;

  @ApiPropertyOptional({ description: "A run id, or a term of its events' payloads: an id, a word, a phone number's last four digits" })
  @IsOptional() @IsString() @IsPlainText() @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ description: 'The `next` of the previous page' })
  @IsOptional() @Matches(/^[\w-]{1,400}$/, { message: 'cursor must be the next value of a previous page' })
  cursor?: string;

  @IntQuery({ min: 1, max: 500, default: 50 })
  limit?: number;
}

/** Filters of the event tail. */
export class EventsQuery {
  @ApiPropertyOptional({ description: 'Only the events of this run (correlation id)' })
  @IsOptional() @Matches(/^[\w.:-]{1,200}$/, { message: 'run must be a run id' })
  run?: string;

  @ApiPropertyOptional({ description: 'Only events whose type starts so, e.g. telephony.call' })
  @IsOptional() @Matches(/^[a-z0-9.-]{1,200}$/, { message: 'type must be an event type or its beginning, e.g. telephony.call' })
  type?: string;

  @IntQuery({ min: 1, max: 500, default: 100 })
  limit?: number;
}

/**
 * Cancel every run matching the runs list's filters (kind, status, start time, search), in the
 * background. A JSON body: times are ISO 8601 strings, nothing is converted.
 */
export class CancelRunsRequest {
  @ApiPropertyOptional({ description: 'A workflow kind, e.g. call-scoring' })
  @IsOptional() @Matches(/^[a-z][a-z0-9-]{0,63}$/, { message: 'kind must be a workflow kind such as call-scoring' })
  kind?: string;

  @ApiPropertyOptional({ enum: RUN_STATUSES, description: 'Runs not RUNNING are skipped: there is nothing left to cancel' })
  @IsOptional() @IsIn(RUN_STATUSES)
  status?: (typeof RUN_STATUSES)[number];

  @ApiPropertyOptional({ description: 'Runs started at or after (ISO 8601)', format: 'date-time' })
  @IsOptional() @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ description: 'Runs started before (ISO 8601)', format: 'date-time' })
  @IsOptional() @IsISO8601({ strict: true })
  to?: string;

  @ApiPropertyOptional({ description: "A run id, or a term of its events' payloads" })
  @IsOptional() @IsString() @IsPlainText() @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ description: 'Why, for the audit trail' })
  @IsOptional() @IsString() @IsPlainText() @MaxLength(500)
  reason?: string;
}

/** Replay the runs of a kind from a time: every consumer its events go through is rewound there. */
export class ReplayRunsRequest {
  @ApiProperty({ description: 'A workflow kind, e.g. call-research', example: 'call-research' })
  @Matches(/^[a-z][a-z0-9-]{0,63}$/, { message: 'kind must be a workflow kind such as call-research' })
  kind: string;

  @ApiProperty({ description: 'Reprocess what was published since this time (ISO 8601)', format: 'date-time' })
  @IsISO8601({ strict: true })
  since: string;

  @ApiPropertyOptional({ description: 'Why, for the audit trail' })
  @IsOptional() @IsString() @IsPlainText() @MaxLength(500)
  reason?: string;
}
