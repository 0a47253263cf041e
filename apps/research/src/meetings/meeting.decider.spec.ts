import { meetingCanceled, meetingChanged, meetingResearchRequested, meetingScheduled } from '@switchboard/contracts';
import { DeciderSpecification } from '@switchboard/event-store';
import { describe, it } from 'vitest';
import { ResearchRuleViolation } from '../research-rule-violation.js';
import { meetingDecider, type MeetingCommand } from './meeting.decider.js';

const spec = DeciderSpecification.for(meetingDecider);
const now = new Date('2026-12-04T12:00:00Z');
const ada = { email: 'ada@acme.com', name: 'Ada', companyDomain: 'acme.com' };
const bob = { email: 'bob@acme.com', name: 'Bob', companyDomain: 'acme.com' };
const base = { meetingId: 'm1', campaignId: 'c1', connectionId: 'k1', externalEventId: 'e1', title: 'Intro', startsAt: '2026-12-05T09:00:00.000Z', attendees: ['me@us.com', 'ada@acme.com'], prospects: [ada] };
const sync = (meeting: Partial<typeof base> = {}, researchedRecently: string[] = []): MeetingCommand => ({
  type: 'sync',
  meeting: { ...base, ...meeting },
  researchedRecently,
  researchId: 'r1',
  now,
});
const scheduled = meetingScheduled.create(base);

describe('meeting decider', () => {
  it('a new meeting with an external attendee is scheduled and asks for research', () =>
    spec.given([]).when(sync()).then([scheduled, meetingResearchRequested.create({ meetingId: 'm1', researchId: 'r1' })]));

  it('an internal-only meeting is scheduled without research', () =>
    spec.given([]).when(sync({ attendees: ['me@us.com'], prospects: [] })).then([meetingScheduled.create({ ...base, attendees: ['me@us.com'], prospects: [] })]));

  it('no research when every prospect was researched less than 7 days ago', () => spec.given([]).when(sync({}, ['ada@acme.com'])).then([scheduled]));

  it('a new external attendee on a known meeting asks for research again', () => {
    const changed = { attendees: [...base.attendees, 'bob@acme.com'], prospects: [ada, bob] };
    const { meetingId, campaignId: _c, connectionId: _k, externalEventId: _e, ...details } = { ...base, ...changed };
    spec
      .given([scheduled])
      .when(sync(changed, ['ada@acme.com']))
      .then([meetingChanged.create({ meetingId, ...details }), meetingResearchRequested.create({ meetingId: 'm1', researchId: 'r1' })]);
  });

  it('the same meeting synced again changes nothing', () => spec.given([scheduled]).when(sync()).then([]));

  it('past meetings are ignored', () => spec.given([]).when(sync({ startsAt: '2026-12-03T09:00:00.000Z' })).then([]));

  it('a canceled meeting is canceled once and is not revived by a later sync', () => {
    spec.given([scheduled]).when({ type: 'cancel' }).then([meetingCanceled.create({ meetingId: 'm1' })]);
    spec.given([scheduled, meetingCanceled.create({ meetingId: 'm1' })]).when({ type: 'cancel' }).then([]);
    spec.given([scheduled, meetingCanceled.create({ meetingId: 'm1' })]).when(sync()).then([]);
  });

  it('a retry asks for research again; a canceled meeting refuses it', () => {
    spec.given([scheduled]).when({ type: 'request-research', researchId: 'r2' }).then([meetingResearchRequested.create({ meetingId: 'm1', researchId: 'r2' })]);
    spec.given([scheduled, meetingCanceled.create({ meetingId: 'm1' })]).when({ type: 'request-research', researchId: 'r2' }).thenThrows(ResearchRuleViolation, /canceled/);
  });
});
