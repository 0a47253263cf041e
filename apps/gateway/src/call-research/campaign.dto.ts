import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CAMPAIGN_LIMITS as LIMITS, IsPlainText } from '@switchboard/contracts';
import { ArrayMaxSize, IsArray, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { ArrayOfObjects } from '../http/array-of-objects.decorator.js';

const E164 = /^\+[1-9]\d{6,14}$/;

// Every string has a MaxLength and every array an ArrayMaxSize, so that no accepted request makes
// an event or a reply over the NATS max payload (campaign.limits.ts; largest-valid-request.spec.ts).

export class HypothesisInput {
  @ApiProperty({ example: 'phone-booking', description: 'Short label, unique in the campaign' })
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9-_]{0,63}$/i, { message: 'key must be 1-64 letters, digits, - or _' })
  @MaxLength(LIMITS.hypothesisKey)
  key: string;

  @ApiProperty({ example: 'Most clinics still book appointments by phone', maxLength: LIMITS.statement })
  @IsString()
  @IsNotEmpty()
  @IsPlainText({ multiline: true })
  @MaxLength(LIMITS.statement)
  statement: string;
}

export class ContactInput {
  @ApiProperty({ example: '+15551230001', description: 'E.164' })
  @Matches(E164, { message: 'phone must be an E.164 number such as +15551234567' })
  @MaxLength(LIMITS.phone)
  phone: string;

  @ApiPropertyOptional({ example: 'Ada Clinic', maxLength: LIMITS.contactName })
  @IsOptional()
  @IsString()
  @IsPlainText()
  @MaxLength(LIMITS.contactName)
  name?: string;
}

export class CreateCampaignRequest {
  @ApiProperty({ example: 'Clinic scheduling, Q4', maxLength: LIMITS.name })
  @IsString()
  @IsNotEmpty()
  @IsPlainText()
  @MaxLength(LIMITS.name)
  name: string;

  @ApiProperty({
    type: [String],
    example: ['How do patients book appointments?'],
    description: `What the calls ask: at most ${LIMITS.checklistItems} items of ${LIMITS.checklistItem} characters`,
  })
  @IsArray()
  @ArrayMaxSize(LIMITS.checklistItems)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @IsPlainText({ multiline: true }, { each: true })
  @MaxLength(LIMITS.checklistItem, { each: true })
  checklist: string[];

  @ApiProperty({ type: [HypothesisInput], maxItems: LIMITS.hypotheses })
  @ArrayOfObjects(() => HypothesisInput, { max: LIMITS.hypotheses })
  hypotheses: HypothesisInput[];

  @ApiProperty({ type: [ContactInput], minItems: 1, maxItems: LIMITS.contacts })
  @ArrayOfObjects(() => ContactInput, { min: 1, max: LIMITS.contacts })
  contacts: ContactInput[];
}

export class ReopenHypothesisRequest {
  @ApiPropertyOptional({ example: 'five more calls came in', maxLength: LIMITS.reopenReason })
  @IsOptional()
  @IsString()
  @IsPlainText({ multiline: true })
  @MaxLength(LIMITS.reopenReason)
  reason?: string;
}

export class CancelCampaignRequest {
  @ApiPropertyOptional({ example: 'wrong contact list', maxLength: 500 })
  @IsOptional()
  @IsString()
  @IsPlainText({ multiline: true })
  @MaxLength(500)
  reason?: string;
}
