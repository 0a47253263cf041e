import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsPlainText } from '@switchboard/contracts';
import { SERVICE_NAMES, type ServiceName } from '@switchboard/platform';
import { IsIn, IsOptional, IsString, Length, MaxLength } from 'class-validator';

/** One service's repeating timer (a cron, as GET operations/waiting lists it: `kind` every), to fire now. */
export class CronRunNowRequest {
  @ApiProperty({ enum: SERVICE_NAMES, example: 'research' })
  @IsIn(SERVICE_NAMES)
  service: ServiceName;

  @ApiProperty({ description: "The timer's key", example: 'watch-renewal' })
  @IsString() @IsPlainText() @Length(1, 200)
  key: string;

  @ApiPropertyOptional({ description: 'Why, for the audit trail' })
  @IsOptional() @IsString() @IsPlainText() @MaxLength(500)
  reason?: string;
}
