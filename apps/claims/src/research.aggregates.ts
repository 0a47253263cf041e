import { AggregateHandler, EventStore } from '@switchboard/event-store';
import { SERVICE_SCHEMA } from '@switchboard/platform';
import { type CampaignCommand, campaignDecider, type CampaignEvent, type CampaignState } from './campaigns/campaign.decider.js';
import { campaignProjection } from './campaigns/campaign.projection.js';
import { type CallClaimsCommand, callClaimsDecider, type CallClaimsEvent, type CallClaimsState } from './extraction/call-claims.decider.js';
import { callClaimsProjection } from './extraction/call-claims.projection.js';
import { type HypothesisCommand, hypothesisDecider, type HypothesisEvent, type HypothesisState } from './hypotheses/hypothesis.decider.js';
import { hypothesisProjection } from './hypotheses/hypothesis.projection.js';

export const campaignStream = (campaignId: string) => `campaign-${campaignId}`;
export const hypothesisStream = (hypothesisId: string) => `hypothesis-${hypothesisId}`;
export const callClaimsStream = (callId: string) => `call-claims-${callId}`;

export class Campaigns extends AggregateHandler<CampaignCommand, CampaignEvent, CampaignState> {}
export class Hypotheses extends AggregateHandler<HypothesisCommand, HypothesisEvent, HypothesisState> {}
export class CallClaims extends AggregateHandler<CallClaimsCommand, CallClaimsEvent, CallClaimsState> {}

const inject = [EventStore, SERVICE_SCHEMA];

/** The claims service's three aggregates, each with its read model. */
export const researchAggregates = [
  { provide: Campaigns, inject, useFactory: (store: EventStore, schema: string) => new Campaigns(store, campaignDecider, campaignStream, campaignProjection(schema)) },
  { provide: Hypotheses, inject, useFactory: (store: EventStore, schema: string) => new Hypotheses(store, hypothesisDecider, hypothesisStream, hypothesisProjection(schema)) },
  { provide: CallClaims, inject, useFactory: (store: EventStore, schema: string) => new CallClaims(store, callClaimsDecider, callClaimsStream, callClaimsProjection(schema)) },
];
