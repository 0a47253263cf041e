import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';

const E164 = /^\+[1-9]\d{6,14}$/;

export class HypothesisInput {
  @ApiProperty({ example: 'phone-booking', description: 'Short label, unique in the campaign' })
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9-_]{0,63}$/i, { message: 'key must be 1-64 letters, digits, - or _' })
  key: string;

  @ApiProperty({ example: 'Most clinics still book appointments by phone' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  statement: string;
}

export class ContactInput {
  @ApiProperty({ example: '+15551230001', description: 'E.164' })
  @Matches(E164, { message: 'phone must be an E.164 number such as +15551234567' })
  phone: string;

  @ApiPropertyOptional({ example: 'Ada Clinic' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  name?: string;
}

export class CreateCampaignRequest {
  @ApiProperty({ example: 'Clinic scheduling, Q4' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiProperty({ type: [String], example: ['How do patients book appointments?'], description: 'What the calls ask' })
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  checklist: string[];

  @ApiProperty({ type: [HypothesisInput] })
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => HypothesisInput)
  hypotheses: HypothesisInput[];

  @ApiProperty({ type: [ContactInput] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1_000)
  @ValidateNested({ each: true })
  @Type(() => ContactInput)
  contacts: ContactInput[];
}

export class ReopenHypothesisRequest {
  @ApiPropertyOptional({ example: 'five more calls came in' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}
