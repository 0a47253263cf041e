import { Type } from 'class-transformer';
import { IsArray, IsIn, IsNumber, IsString, Max, Min, ValidateNested } from 'class-validator';
import { defineEvent } from '../registry/event-definition.js';

export const STANCES = ['supports', 'contradicts'] as const;
export type Stance = (typeof STANCES)[number];

export class ExtractedClaim {
  @IsString() claimId: string;
  @IsString() hypothesisId: string;
  @IsString() statement: string;
  @IsIn(STANCES) stance: Stance;
  @IsNumber() @Min(0) @Max(1) confidence: number;
  /** The utterance time span the claim rests on, in seconds. */
  @IsNumber() evidenceStart: number;
  @IsNumber() evidenceEnd: number;
}

/** Every claim of one call, stored together and once. */
export class ClaimsExtracted {
  @IsString() callId: string;
  @IsString() campaignId: string;
  @IsArray() @ValidateNested({ each: true }) @Type(() => ExtractedClaim) claims: ExtractedClaim[];
}

export class ClaimExtractionFailed {
  @IsString() callId: string;
  @IsString() campaignId: string;
  @IsString() reason: string;
}

export const claimsExtracted = defineEvent({ domain: 'claims', aggregate: 'call-claims', event: 'extracted', version: 1, payload: ClaimsExtracted });
export const claimExtractionFailed = defineEvent({ domain: 'claims', aggregate: 'call-claims', event: 'extraction-failed', version: 1, payload: ClaimExtractionFailed });

export const callClaimsEvents = [claimsExtracted, claimExtractionFailed];
