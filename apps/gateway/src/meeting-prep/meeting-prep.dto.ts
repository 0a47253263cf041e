import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DOMAIN, IsPlainText, PREP_LIMITS as LIMITS } from '@switchboard/contracts';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsEmail, IsISO8601, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { ArrayOfObjects } from '../http/array-of-objects.decorator.js';

// Every string has a MaxLength and every array an ArrayMaxSize: no accepted request makes an event over the NATS max payload.

export class CreatePrepCampaignRequest {
  @ApiProperty({ example: 'Logistics outreach Q1', maxLength: LIMITS.name })
  @IsString() @IsNotEmpty() @IsPlainText() @MaxLength(LIMITS.name)
  name: string;

  @ApiProperty({ example: 'Automated shift scheduling for warehouses', maxLength: LIMITS.text })
  @IsString() @IsNotEmpty() @IsPlainText({ multiline: true }) @MaxLength(LIMITS.text)
  offering: string;

  @ApiProperty({ example: 'Warehouse operators with 200+ staff', maxLength: LIMITS.text })
  @IsString() @IsNotEmpty() @IsPlainText({ multiline: true }) @MaxLength(LIMITS.text)
  targetCustomer: string;

  @ApiProperty({ type: [String], example: ['manual scheduling', 'overtime costs'], description: `At most ${LIMITS.painPoints} of ${LIMITS.painPoint} characters` })
  @IsArray() @ArrayMaxSize(LIMITS.painPoints) @IsString({ each: true }) @IsNotEmpty({ each: true }) @IsPlainText({}, { each: true }) @MaxLength(LIMITS.painPoint, { each: true })
  painPoints: string[];

  @ApiProperty({ type: [String], example: ['example.com'], description: "The organisation's own email domains: attendees outside them are prospects" })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(LIMITS.domains) @IsString({ each: true }) @MaxLength(LIMITS.domain, { each: true }) @Matches(DOMAIN, { each: true, message: 'ownDomains must be lower-case domain names' })
  ownDomains: string[];

  @ApiProperty({ example: 'owner@example.com', description: 'Emailed when a brief fails before a meeting or the calendar needs reconnecting' })
  @IsEmail() @MaxLength(254)
  ownerEmail: string;
}

export class ProspectInput {
  @ApiProperty({ example: 'ada@acme.com' })
  @IsEmail() @MaxLength(254)
  email: string;

  @ApiPropertyOptional({ example: 'Ada Lovelace', maxLength: LIMITS.personName })
  @IsOptional() @IsString() @IsPlainText() @MaxLength(LIMITS.personName)
  name?: string;

  @ApiProperty({ example: 'acme.com' })
  @IsString() @MaxLength(LIMITS.domain) @Matches(DOMAIN, { message: 'companyDomain must be a lower-case domain name' })
  companyDomain: string;
}

export class AdHocResearchRequest {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  campaignId: string;

  @ApiProperty({ type: [ProspectInput], description: `1 to ${LIMITS.prospects} prospects` })
  @ArrayOfObjects(() => ProspectInput, { min: 1, max: LIMITS.prospects })
  prospects: ProspectInput[];
}

export class StartOAuthQuery {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  campaignId: string;

  @ApiPropertyOptional({ example: 'primary', description: 'The Google calendar to watch (default: primary)' })
  @IsOptional() @IsString() @MaxLength(254) @Matches(/^[\w.@+-]+$/, { message: 'calendarId must be a calendar id such as primary or a calendar address' })
  calendarId?: string;
}

export class OAuthCallbackQuery {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2_048) code?: string;
  @ApiProperty() @IsString() @MaxLength(200) state: string;
  @ApiPropertyOptional({ description: 'Set by Google when the user declined' }) @IsOptional() @IsString() @MaxLength(200) error?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2_000) scope?: string;
}

export class CampaignQuery {
  @ApiProperty({ format: 'uuid' }) @IsUUID() campaignId: string;
}

export class MeetingsQuery extends CampaignQuery {
  @ApiPropertyOptional({ format: 'date-time' }) @IsOptional() @IsISO8601() from?: string;
  @ApiPropertyOptional({ format: 'date-time' }) @IsOptional() @IsISO8601() to?: string;
}
