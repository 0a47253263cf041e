import {
  type CampaignCall,
  type CampaignCanceled,
  campaignCanceled,
  type CampaignCompleted,
  campaignCompleted,
  type CampaignCreated,
  campaignCreated,
  type CampaignLaunched,
  campaignLaunched,
  type NewEvent,
} from '@switchboard/contracts';
import type { Decider } from '@switchboard/event-store';

export type CampaignStatus = 'DRAFT' | 'ACTIVE' | 'COMPLETED' | 'CANCELED';

export type CampaignEvent =
  | NewEvent<CampaignCreated, typeof campaignCreated.type>
  | NewEvent<CampaignLaunched, typeof campaignLaunched.type>
  | NewEvent<CampaignCompleted, typeof campaignCompleted.type>
  | NewEvent<CampaignCanceled, typeof campaignCanceled.type>;

export type CampaignCommand =
  | ({ type: 'create' } & CampaignCreated)
  | { type: 'launch'; callIds: string[] }
  | { type: 'complete' }
  | { type: 'cancel'; reason?: string };

export interface CampaignState {
  campaignId?: string;
  status?: CampaignStatus;
  contacts: CampaignCreated['contacts'];
  /** The calls it launched: what a cancel stops. */
  callIds: string[];
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
      // Canceled, it never completes: its calls still ending is not its work being done.
      if (state.status === 'COMPLETED' || state.status === 'CANCELED') return [];
      if (state.status !== 'ACTIVE') throw new CampaignRuleViolation(`campaign ${state.campaignId} is ${state.status}, only an ACTIVE one completes`);
      return [campaignCompleted.create({ campaignId: state.campaignId! })];
    case 'cancel':
      if (state.status === 'CANCELED') return []; // canceled already: the same request again changes nothing
      if (state.status !== 'DRAFT' && state.status !== 'ACTIVE') throw new CampaignRuleViolation(`campaign ${state.campaignId} is ${state.status}, only a DRAFT or ACTIVE one is canceled`);
      return [campaignCanceled.create({ campaignId: state.campaignId!, callIds: state.callIds, ...(command.reason && { reason: command.reason }) })];
  }
}

function evolve(state: CampaignState, event: CampaignEvent): CampaignState {
  switch (event.type) {
    case campaignCreated.type:
      return { campaignId: event.payload.campaignId, status: 'DRAFT', contacts: event.payload.contacts, callIds: [] };
    case campaignLaunched.type:
      return { ...state, status: 'ACTIVE', callIds: event.payload.calls.map((call) => call.callId) };
    case campaignCompleted.type:
      return { ...state, status: 'COMPLETED' };
    case campaignCanceled.type:
      return { ...state, status: 'CANCELED' };
  }
}

/** A research campaign: drafted with its checklist, hypotheses and contacts, launched once, completed or canceled once. */
export const campaignDecider: Decider<CampaignCommand, CampaignEvent, CampaignState> = {
  initialState: () => ({ contacts: [], callIds: [] }),
  decide,
  evolve,
};
