import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsPlainText, VIDEO_LIMITS } from '@switchboard/contracts';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { IntQuery } from '../http/int-query.decorator.js';

const creatorIdMessage = 'creatorId must be a UUID';
export const VIDEO_STATUSES = ['PENDING', 'TRANSCRIBING', 'PROCESSING', 'EMBEDDING', 'COMPLETED', 'FAILED'] as const;

export class VideoFields {
  @ApiProperty({ example: '3f2b8c1e-6a4d-4f0e-9b7a-2c5d8e1f0a93' })
  @IsUUID('all', { message: creatorIdMessage })
  creatorId: string;

  @ApiProperty({ example: 'Sourdough basics', maxLength: VIDEO_LIMITS.title })
  @IsString()
  @IsNotEmpty()
  @IsPlainText()
  @MaxLength(VIDEO_LIMITS.title)
  title: string;

  @ApiPropertyOptional({ example: 'en', description: 'BCP 47 language tag', default: 'en' })
  @IsOptional()
  @Matches(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, { message: 'language must be a language tag such as en or pt-BR' })
  @MaxLength(VIDEO_LIMITS.language)
  language?: string;
}

/** A video already in storage (uploaded out of band), registered by its key. */
export class RegisterVideoRequest extends VideoFields {
  @ApiProperty({ example: 'imports/creator-42/intro.mp4', maxLength: VIDEO_LIMITS.storageKey })
  @Matches(/^(?!.*\.\.)[A-Za-z0-9][A-Za-z0-9_./-]*$/, { message: 'storageKey must be a relative path of letters, digits, _ . / - without ..' })
  @MaxLength(VIDEO_LIMITS.storageKey)
  storageKey: string;
}

export class ListVideosQuery {
  @ApiProperty({ example: '3f2b8c1e-6a4d-4f0e-9b7a-2c5d8e1f0a93' })
  @IsUUID('all', { message: creatorIdMessage })
  creatorId: string;

  @ApiPropertyOptional({ enum: VIDEO_STATUSES })
  @IsOptional()
  @IsIn(VIDEO_STATUSES)
  status?: string;

  @IntQuery({ min: 1, max: 200, default: 50 })
  limit?: number;
}

export class SearchVideosQuery {
  @ApiProperty({ example: 'how long does sourdough ferment', maxLength: 500 })
  @IsString()
  @IsNotEmpty()
  @IsPlainText()
  @MaxLength(500)
  q: string;

  @ApiProperty({ example: '3f2b8c1e-6a4d-4f0e-9b7a-2c5d8e1f0a93' })
  @IsUUID('all', { message: creatorIdMessage })
  creatorId: string;

  @IntQuery({ min: 1, max: 50, default: 10 })
  limit?: number;
}

/** Which videos to re-embed: exactly one of the three. */
export class ReembedRequest {
  @ApiPropertyOptional({ type: [String], maxItems: VIDEO_LIMITS.reembedVideos, description: 'These videos' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(VIDEO_LIMITS.reembedVideos)
  @IsUUID('all', { each: true })
  videoIds?: string[];

  @ApiPropertyOptional({ example: '3f2b8c1e-6a4d-4f0e-9b7a-2c5d8e1f0a93', description: "This creator's completed and failed videos (the first 1,000)" })
  @IsOptional()
  @IsUUID('all', { message: creatorIdMessage })
  creatorId?: string;

  @ApiPropertyOptional({ description: 'Every failed video (the first 1,000)' })
  @IsOptional()
  @IsBoolean()
  allFailed?: boolean;
}
