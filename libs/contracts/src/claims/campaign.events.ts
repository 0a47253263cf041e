import { Type } from 'class-transformer';
import { IsArray, IsOptional, IsString, Matches, ValidateNested } from 'class-validator';
import { defineEvent } from '../registry/event-definition.js';

const E164 = /^\+[1-9]\d{6,14}$/;

export class HypothesisDraft {
  @IsString() hypothesisId: string;
  /** The short label the model uses to say which hypothesis a claim bears on. */
  @IsString() key: string;
  @IsString() statement: string;
}

export class Contact {
  @Matches(E164) phone: string;
  @IsOptional() @IsString() name?: string;
}

export class CampaignCreated {
  @IsString() campaignId: string;
  @IsString() name: string;
  @IsArray() @IsString({ each: true }) checklist: string[];
  @IsArray() @ValidateNested({ each: true }) @Type(() => HypothesisDraft) hypotheses: HypothesisDraft[];
  @IsArray() @ValidateNested({ each: true }) @Type(() => Contact) contacts: Contact[];
}

export class CampaignCall {
  @IsString() callId: string;
  @Matches(E164) phone: string;
  @IsOptional() @IsString() name?: string;
}

/** The campaign is ACTIVE: telephony queues one Call per contact, with the ids given here. */
export class CampaignLaunched {
  @IsString() campaignId: string;
  @IsArray() @ValidateNested({ each: true }) @Type(() => CampaignCall) calls: CampaignCall[];
}

export class CampaignCompleted {
  @IsString() campaignId: string;
}

/**
 * Canceled by an operator: telephony ends each of these calls (the campaign's, none if it was a
 * draft) still queued, and never queues one it has not queued yet; calls being dialled go on.
 */
export class CampaignCanceled {
  @IsString() campaignId: string;
  @IsArray() @IsString({ each: true }) callIds: string[];
  @IsOptional() @IsString() reason?: string;
}

export const campaignCreated = defineEvent({ domain: 'claims', aggregate: 'campaign', event: 'created', version: 1, payload: CampaignCreated });
export const campaignLaunched = defineEvent({ domain: 'claims', aggregate: 'campaign', event: 'launched', version: 1, payload: CampaignLaunched });
export const campaignCompleted = defineEvent({ domain: 'claims', aggregate: 'campaign', event: 'completed', version: 1, payload: CampaignCompleted });
export const campaignCanceled = defineEvent({ domain: 'claims', aggregate: 'campaign', event: 'canceled', version: 1, payload: CampaignCanceled });

export const campaignEvents = [campaignCreated, campaignLaunched, campaignCompleted, campaignCanceled];
