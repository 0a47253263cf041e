import { type NewEvent, type PrepCampaignCreated, prepCampaignCreated } from '@switchboard/contracts';
import type { Decider } from '@switchboard/event-store';
import { ResearchRuleViolation } from '../research-rule-violation.js';

export type PrepCampaignEvent = NewEvent<PrepCampaignCreated, typeof prepCampaignCreated.type>;
export type PrepCampaignCommand = { type: 'create' } & PrepCampaignCreated;
export interface PrepCampaignState {
  campaign?: PrepCampaignCreated;
}

/** A prep campaign: the seller's context every brief of its meetings is written for. Created once. */
export const prepCampaignDecider: Decider<PrepCampaignCommand, PrepCampaignEvent, PrepCampaignState> = {
  initialState: () => ({}),
  decide(command, state) {
    if (state.campaign) throw new ResearchRuleViolation(`prep campaign ${command.campaignId} exists already`);
    const { type: _type, ...created } = command;
    return [prepCampaignCreated.create({ ...created, ownDomains: created.ownDomains.map((d) => d.toLowerCase()) })];
  },
  evolve: (_state, event) => ({ campaign: event.payload }),
};
