import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { EventStore } from '@switchboard/event-store';
import { CommandError, OnCommand } from '@switchboard/eventing';
import { CampaignProgress } from '../progress/campaign-progress.js';
import { Hypotheses } from '../research.aggregates.js';
import { HypothesisRuleViolation } from './hypothesis.decider.js';
import { HypothesisQueries } from './hypothesis.queries.js';

/** An operator reopens a decided hypothesis: it is judged again on the evidence now present. */
@Controller()
export class HypothesisCommands {
  constructor(
    private readonly store: EventStore,
    private readonly hypotheses: Hypotheses,
    private readonly progress: CampaignProgress,
    private readonly queries: HypothesisQueries,
  ) {}

  @OnCommand('claims.hypothesis.reopen')
  async reopen(@Payload() command: { hypothesisId: string; reason?: string }) {
    const { hypothesisId, reason } = command;
    const { campaignId } = await this.queries.get({ hypothesisId });
    try {
      await this.store.transaction(async (tx) => {
        await this.progress.lock(campaignId, tx);
        const { events } = await this.hypotheses.execute(hypothesisId, { type: 'reopen', hypothesisId, campaignId, reason }, { tx });
        await this.progress.scheduleValidations(campaignId, [hypothesisId], tx, events[0]);
      });
    } catch (error) {
      throw error instanceof HypothesisRuleViolation ? new CommandError('CONFLICT', error.message) : error;
    }
    return this.queries.get({ hypothesisId });
  }
}
