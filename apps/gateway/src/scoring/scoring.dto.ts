import { ApiPropertyOptional } from '@nestjs/swagger';
import { GOLD_MODELS, SCORING_LIMITS } from '@switchboard/contracts';
import { IsIn, IsISO8601, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { IntQuery } from '../http/int-query.decorator.js';

export class UploadSheetQuery {
  @ApiPropertyOptional({ enum: GOLD_MODELS, description: 'The large model that scores and coaches (default: the configured one, Sonnet)' })
  @IsOptional()
  @IsIn(GOLD_MODELS)
  goldModel?: string;

  @ApiPropertyOptional({ example: 'sales-call', description: 'Rubric id; its latest version is used and kept with the job' })
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9-]{0,63}$/, { message: 'rubric must be a rubric id (1-64 lower-case letters, digits and -)' })
  rubric?: string;

  @ApiPropertyOptional({ example: 'transcript:Notes,agent:Owner', description: 'Which header holds a field, when synonyms do not find it' })
  @IsOptional()
  @IsString()
  @MaxLength(1_000)
  mapping?: string;

  @ApiPropertyOptional({ example: 'november-calls.xlsx' })
  @IsOptional()
  @IsString()
  @Matches(/^[^\u0000-\u001f\u007f]*$/, { message: 'fileName must not contain control characters' })
  @MaxLength(SCORING_LIMITS.fileName)
  fileName?: string;
}

export class ListJobsQuery {
  @IntQuery({ min: 1, max: 100, default: 20 })
  limit?: number;

  @ApiPropertyOptional({ description: 'createdAt of the last job of the previous page' })
  @IsOptional()
  @IsISO8601()
  before?: string;
}

export class ResultsQuery {
  @IntQuery({ min: 0, max: 1_000_000, default: 0 })
  offset?: number;

  @IntQuery({ min: 1, max: 50, default: 50 })
  limit?: number;
}

export class RetryCallsRequest {
  @ApiPropertyOptional({ example: '01a241a6-c65e-720f-b26f-9895a5d437bb', description: 'One failed call to retry; all failed calls when absent' })
  @IsOptional()
  @IsUUID()
  callId?: string;
}
