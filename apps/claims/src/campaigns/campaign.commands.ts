import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { newEventId } from '@switchboard/contracts';
import { CommandError, OnCommand } from '@switchboard/eventing';
import { Campaigns } from '../research.aggregates.js';
import { CampaignQueries, type CampaignView } from './campaign.queries.js';
import { CampaignRuleViolation } from './campaign.decider.js';

export interface CreateCampaign {
  name: string;
  checklist: string[];
  hypotheses: { key: string; statement: string }[];
  contacts: { phone: string; name?: string }[];
}

/** A rule of the campaign's state, as the gateway should answer it. */
export function asCommandError(error: unknown): unknown {
  if (!(error instanceof CampaignRuleViolation)) return error;
  if (error.kind === 'invalid') return new CommandError('INVALID', error.message, error.field ? [{ field: error.field, messages: [error.message] }] : undefined);
  return new CommandError('CONFLICT', error.message);
}

/** Drafting, launching and canceling campaigns (the gateway's POSTs). A campaign's id is the correlation id of all its events. */
@Controller()
export class CampaignCommands {
  constructor(
    private readonly campaigns: Campaigns,
    private readonly queries: CampaignQueries,
  ) {}

  @OnCommand('claims.campaign.create')
  async create(@Payload() command: CreateCampaign): Promise<CampaignView> {
    const campaignId = newEventId();
    const hypotheses = command.hypotheses.map((h) => ({ hypothesisId: newEventId(), key: h.key, statement: h.statement }));
    await this.campaigns
      .execute(
        campaignId,
        { type: 'create', campaignId, name: command.name, checklist: command.checklist, hypotheses, contacts: command.contacts },
        { cause: { correlationId: campaignId } },
      )
      .catch((error) => Promise.reject(asCommandError(error)));
    return this.queries.get({ campaignId });
  }

  @OnCommand('claims.campaign.launch')
  async launch(@Payload() command: { campaignId: string }): Promise<CampaignView> {
    const { state } = await this.campaigns.load(command.campaignId);
    if (!state.status) throw CommandError.notFound(`campaign ${command.campaignId}`);
    await this.campaigns
      .execute(command.campaignId, { type: 'launch', callIds: state.contacts.map(() => newEventId()) }, { cause: { correlationId: command.campaignId } })
      .catch((error) => Promise.reject(asCommandError(error)));
    return this.queries.get(command);
  }

  @OnCommand('claims.campaign.cancel')
  async cancel(@Payload() command: { campaignId: string; reason?: string }): Promise<CampaignView> {
    const { state } = await this.campaigns.load(command.campaignId);
    if (!state.status) throw CommandError.notFound(`campaign ${command.campaignId}`);
    await this.campaigns
      .execute(command.campaignId, { type: 'cancel', reason: command.reason }, { cause: { correlationId: command.campaignId } })
      .catch((error) => Promise.reject(asCommandError(error)));
    return this.queries.get(command);
  }
}
