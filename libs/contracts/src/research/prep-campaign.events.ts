import { ArrayMaxSize, IsArray, IsEmail, IsString, Matches, MaxLength } from 'class-validator';
import { defineEvent } from '../registry/event-definition.js';

/** Bounds of a prep campaign (the gateway checks them; events never exceed the broker's payload). */
export const PREP_LIMITS = {
  name: 200,
  text: 2_000,
  painPoints: 20,
  painPoint: 300,
  domains: 20,
  domain: 253,
  prospects: 20,
  personName: 200,
} as const;

export const DOMAIN = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/** The seller's context a meeting is prepared for: what they offer, to whom, which pains it solves. */
export class PrepCampaignCreated {
  @IsString() campaignId: string;
  @IsString() @MaxLength(PREP_LIMITS.name) name: string;
  @IsString() @MaxLength(PREP_LIMITS.text) offering: string;
  @IsString() @MaxLength(PREP_LIMITS.text) targetCustomer: string;
  @IsArray() @ArrayMaxSize(PREP_LIMITS.painPoints) @IsString({ each: true }) @MaxLength(PREP_LIMITS.painPoint, { each: true }) painPoints: string[];
  /** The organisation's own email domains: attendees outside them are prospects. */
  @IsArray() @ArrayMaxSize(PREP_LIMITS.domains) @Matches(DOMAIN, { each: true }) ownDomains: string[];
  /** Who is told when research for one of their meetings fails or a calendar needs reconnecting. */
  @IsEmail() @MaxLength(254) ownerEmail: string;
}

export const prepCampaignCreated = defineEvent({ domain: 'research', aggregate: 'prep-campaign', event: 'created', version: 1, payload: PrepCampaignCreated });

export const prepCampaignEvents = [prepCampaignCreated];
