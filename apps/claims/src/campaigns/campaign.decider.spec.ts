import { campaignCanceled, campaignCompleted, campaignCreated, campaignLaunched } from '@switchboard/contracts';
import { DeciderSpecification } from '@switchboard/event-store';
import { describe, it } from 'vitest';
import { campaignDecider, CampaignRuleViolation } from './campaign.decider.js';

const spec = DeciderSpecification.for(campaignDecider);
const draft = {
  campaignId: 'camp-1',
  name: 'Clinic scheduling',
  checklist: ['How do you book appointments?'],
  hypotheses: [{ hypothesisId: 'h-1', key: 'phone-booking', statement: 'Clinics book most appointments by phone' }],
  contacts: [{ phone: '+15551230001', name: 'Ada' }, { phone: '+15551230002' }],
};
const created = campaignCreated.create(draft);
const launched = campaignLaunched.create({
  campaignId: 'camp-1',
  calls: [
    { callId: 'c-1', phone: '+15551230001', name: 'Ada' },
    { callId: 'c-2', phone: '+15551230002' },
  ],
});

describe('a Campaign', () => {
  it('is created as a draft, once', () => {
    spec.given([]).when({ type: 'create', ...draft }).then([created]);
    spec.given([created]).when({ type: 'create', ...draft }).thenThrows(CampaignRuleViolation);
  });

  it('refuses a draft calling one number twice or naming two hypotheses alike', () => {
    const twice = { ...draft, contacts: [...draft.contacts, { phone: '+15551230001' }] };
    spec.given([]).when({ type: 'create', ...twice }).thenThrows(CampaignRuleViolation);
    const sameKey = { ...draft, hypotheses: [...draft.hypotheses, { hypothesisId: 'h-2', key: 'phone-booking', statement: 'x' }] };
    spec.given([]).when({ type: 'create', ...sameKey }).thenThrows(CampaignRuleViolation);
  });

  it('launches once, giving each contact its call', () => {
    spec.given([created]).when({ type: 'launch', callIds: ['c-1', 'c-2'] }).then([launched]);
    spec.given([created, launched]).when({ type: 'launch', callIds: ['c-3', 'c-4'] }).then([]);
  });

  it('completes only when active, and once', () => {
    spec.given([created]).when({ type: 'complete' }).thenThrows(CampaignRuleViolation);
    spec.given([created, launched]).when({ type: 'complete' }).then([campaignCompleted.create({ campaignId: 'camp-1' })]);
    spec.given([created, launched, campaignCompleted.create({ campaignId: 'camp-1' })]).when({ type: 'complete' }).then([]);
    spec.given([created, launched, campaignCompleted.create({ campaignId: 'camp-1' })]).when({ type: 'launch', callIds: ['c-1', 'c-2'] }).thenThrows(CampaignRuleViolation);
  });

  it('is canceled while a draft or active, once, naming the calls telephony must stop', () => {
    const canceled = campaignCanceled.create({ campaignId: 'camp-1', callIds: ['c-1', 'c-2'], reason: 'wrong list' });
    spec.given([created, launched]).when({ type: 'cancel', reason: 'wrong list' }).then([canceled]);
    spec.given([created]).when({ type: 'cancel' }).then([campaignCanceled.create({ campaignId: 'camp-1', callIds: [] })]);
    spec.given([created, launched, canceled]).when({ type: 'cancel' }).then([]);
    spec.given([created, launched, campaignCompleted.create({ campaignId: 'camp-1' })]).when({ type: 'cancel' }).thenThrows(CampaignRuleViolation, /COMPLETED/);
  });

  it('once canceled, never completes nor launches', () => {
    const canceled = campaignCanceled.create({ campaignId: 'camp-1', callIds: ['c-1', 'c-2'] });
    spec.given([created, launched, canceled]).when({ type: 'complete' }).then([]);
    spec.given([created, campaignCanceled.create({ campaignId: 'camp-1', callIds: [] })]).when({ type: 'launch', callIds: ['c-1', 'c-2'] }).thenThrows(CampaignRuleViolation);
  });
});
