import {
  type CampaignCall,
  type CampaignCompleted,
  campaignCompleted,
  type CampaignCreated,
  campaignCreated,
  type CampaignLaunched,
  campaignLaunched,
  type NewEvent,
} from '@switchboard/contracts';
import type { Decider } from '@switchboard/event-store';

export type CampaignStatus = 'DRAFT' | 'ACTIVE' | 'COMPLETED';

export type CampaignEvent =
  | NewEvent<CampaignCreated, typeof campaignCreated.type>
  | NewEvent<CampaignLaunched, typeof campaignLaunched.type>
  | NewEvent<CampaignCompleted, typeof campaignCompleted.type>;

export type CampaignCommand =
  | ({ type: 'create' } & CampaignCreated)
  | { type: 'launch'; callIds: string[] }
  | { type: 'complete' };

export interface CampaignState {
  campaignId?: string;
  status?: CampaignStatus;
  contacts: CampaignCreated['contacts'];
}

/** A command the campaign's state refuses (the gateway answers 409 or 400). */
export class CampaignRuleViolation extends Error {
  override name = 'CampaignRuleViolation';

  constructor(
    message: string,
    readonly kind: 'conflict' | 'invalid' = 'conflict',
    readonly field?: string,
  ) {
    super(message);
  }
}

function checkDraft(command: CampaignCreated): void {
  const seen = new Map<string, number>();
  command.contacts.forEach((contact, i) => {
    const first = seen.get(contact.phone);
    if (first !== undefined) throw new CampaignRuleViolation(`contacts[${i}].phone repeats contacts[${first}].phone`, 'invalid', `contacts[${i}].phone`);
    seen.set(contact.phone, i);
  });
  const keys = new Map<string, number>();
  command.hypotheses.forEach((hypothesis, i) => {
    const first = keys.get(hypothesis.key);
    if (first !== undefined) throw new CampaignRuleViolation(`hypotheses[${i}].key repeats hypotheses[${first}].key`, 'invalid', `hypotheses[${i}].key`);
    keys.set(hypothesis.key, i);
  });
}

function decide(command: CampaignCommand, state: CampaignState): CampaignEvent[] {
  switch (command.type) {
    case 'create': {
      if (state.status) throw new CampaignRuleViolation(`campaign ${command.campaignId} exists already`);
      checkDraft(command);
      const { type: _type, ...created } = command;
      return [campaignCreated.create(created)];
    }
    case 'launch': {
      if (state.status === 'ACTIVE') return []; // launched already: the same request again changes nothing
      if (state.status !== 'DRAFT') throw new CampaignRuleViolation(`campaign ${state.campaignId} is ${state.status}, only a DRAFT launches`);
      if (command.callIds.length !== state.contacts.length) throw new Error('one call id per contact is needed');
      const calls: CampaignCall[] = state.contacts.map((contact, i) => ({ callId: command.callIds[i], ...contact }));
      return [campaignLaunched.create({ campaignId: state.campaignId!, calls })];
    }
    case 'complete':
      if (state.status === 'COMPLETED') return [];
      if (state.status !== 'ACTIVE') throw new CampaignRuleViolation(`campaign ${state.campaignId} is ${state.status}, only an ACTIVE one completes`);
      return [campaignCompleted.create({ campaignId: state.campaignId! })];
  }
}

function evolve(state: CampaignState, event: CampaignEvent): CampaignState {
  switch (event.type) {
    case campaignCreated.type:
      return { campaignId: event.payload.campaignId, status: 'DRAFT', contacts: event.payload.contacts };
    case campaignLaunched.type:
      return { ...state, status: 'ACTIVE' };
    case campaignCompleted.type:
      return { ...state, status: 'COMPLETED' };
  }
}

/** A research campaign: drafted with its checklist, hypotheses and contacts, launched once, completed once. */
export const campaignDecider: Decider<CampaignCommand, CampaignEvent, CampaignState> = {
  initialState: () => ({ contacts: [] }),
  decide,
  evolve,
};
