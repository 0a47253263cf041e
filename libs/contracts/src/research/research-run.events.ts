import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsObject, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { defineEvent } from '../registry/event-definition.js';
import { PREP_LIMITS } from './prep-campaign.events.js';
import { Prospect } from './meeting.events.js';

export const RESEARCH_STEPS = ['prospects', 'companies', 'campaign', 'brief', 'deadline', 'internal'] as const;
export type ResearchStep = (typeof RESEARCH_STEPS)[number];
export const CONFIDENCE = ['HIGH', 'MEDIUM', 'LOW'] as const;

/** One research run: for a meeting, or ad hoc (a list of prospects, no calendar). */
export class ResearchRequested {
  @IsString() researchId: string;
  @IsString() campaignId: string;
  @IsOptional() @IsString() meetingId?: string;
  @IsArray() @ArrayMaxSize(PREP_LIMITS.prospects) @ValidateNested({ each: true }) @Type(() => Prospect) prospects: Prospect[];
}

/** Generating: on record before any provider hears of it. */
export class ResearchStarted {
  @IsString() researchId: string;
}

export class ResearchSource {
  @IsString() @MaxLength(500) url: string;
  /** What it was cited for: `prospect:<email>` or `company:<domain>`. */
  @IsString() @MaxLength(300) about: string;
}

/** The brief and its sources, stored once: the run's only output. */
export class ResearchCompleted {
  @IsString() researchId: string;
  @IsString() briefId: string;
  /** The structured brief as the model wrote it (schema-checked, bounded: brief.schema.ts). */
  @IsObject() brief: Record<string, unknown>;
  @IsArray() @ArrayMaxSize(500) @ValidateNested({ each: true }) @Type(() => ResearchSource) sources: ResearchSource[];
  /** Companies answered from the 24 h cache, not the provider. */
  @IsArray() @IsString({ each: true }) cachedCompanies: string[];
}

export class ResearchFailed {
  @IsString() researchId: string;
  @IsIn(RESEARCH_STEPS) step: ResearchStep;
  @IsString() @MaxLength(1_000) reason: string;
}

export class ResearchCanceled {
  @IsString() researchId: string;
}

export const researchRequested = defineEvent({ domain: 'research', aggregate: 'research-run', event: 'requested', version: 1, payload: ResearchRequested });
export const researchStarted = defineEvent({ domain: 'research', aggregate: 'research-run', event: 'started', version: 1, payload: ResearchStarted });
export const researchCompleted = defineEvent({ domain: 'research', aggregate: 'research-run', event: 'completed', version: 1, payload: ResearchCompleted });
export const researchFailed = defineEvent({ domain: 'research', aggregate: 'research-run', event: 'failed', version: 1, payload: ResearchFailed });
export const researchCanceled = defineEvent({ domain: 'research', aggregate: 'research-run', event: 'canceled', version: 1, payload: ResearchCanceled });

export const researchRunEvents = [researchRequested, researchStarted, researchCompleted, researchFailed, researchCanceled];
