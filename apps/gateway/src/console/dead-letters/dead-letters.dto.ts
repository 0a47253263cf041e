import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsPlainText } from '@switchboard/contracts';
import { IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { IntQuery } from '../../http/int-query.decorator.js';

export class DeadLettersQuery {
  @ApiPropertyOptional({ description: 'Only letters parked by this consumer (its name, with or without the namespace)' })
  @IsOptional() @Matches(/^[\w.-]{1,200}$/, { message: 'consumer must be a consumer name' })
  consumer?: string;

  @ApiPropertyOptional({ description: 'Only letters whose original subject contains this' })
  @IsOptional() @Matches(/^[\w.>*-]{1,200}$/, { message: 'subject must be (part of) a subject' })
  subject?: string;

  @IntQuery({ min: 1, max: 1000, default: 200 })
  limit?: number;
}

export class RedriveRequest {
  @ApiPropertyOptional({ description: 'Why, for the audit trail' })
  @IsOptional() @IsString() @IsPlainText() @MaxLength(500)
  reason?: string;
}

export class DiscardRequest {
  @ApiProperty({ description: 'Why this letter must never be handled (kept in the audit trail)' })
  @IsString() @IsPlainText() @Length(1, 500)
  reason: string;
}

export class RedriveMatchingRequest {
  @ApiPropertyOptional({ description: 'Only letters parked by this consumer' })
  @IsOptional() @Matches(/^[\w.-]{1,200}$/, { message: 'consumer must be a consumer name' })
  consumer?: string;

  @ApiPropertyOptional({ description: 'Only letters whose original subject contains this' })
  @IsOptional() @Matches(/^[\w.>*-]{1,200}$/, { message: 'subject must be (part of) a subject' })
  subject?: string;

  @ApiPropertyOptional({ description: 'Why, for the audit trail' })
  @IsOptional() @IsString() @IsPlainText() @MaxLength(500)
  reason?: string;
}
