import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsPlainText } from '@switchboard/contracts';
import { IsInt, IsISO8601, IsOptional, IsString, Matches, MaxLength, Min } from 'class-validator';

/**
 * Rewind one durable consumer to a stream sequence or a time. A JSON body: nothing is converted,
 * so `true` is not sequence 1 and `42` is not a time in 1970.
 */
export class ReplayConsumerRequest {
  @ApiProperty({ description: 'The durable consumer, without the namespace, e.g. claims-call-outcomes', example: 'claims-call-outcomes' })
  @Matches(/^[a-z][a-z0-9]*-[a-z0-9-]{1,100}$/, { message: 'consumer must be a durable consumer name such as claims-call-outcomes' })
  consumer: string;

  @ApiPropertyOptional({ description: 'Reprocess from this stream sequence' })
  @IsOptional() @IsInt() @Min(1)
  fromSequence?: number;

  @ApiPropertyOptional({ description: 'Reprocess what was published since this time (ISO 8601)', format: 'date-time' })
  @IsOptional() @IsISO8601({ strict: true })
  since?: string;

  @ApiPropertyOptional({ description: 'Why, for the audit trail' })
  @IsOptional() @IsString() @IsPlainText() @MaxLength(500)
  reason?: string;
}
