import { checkInAttemptDeferred, checkInAttemptDue, checkInAttemptSent, checkInClosedUnanswered, checkInReplied } from '@switchboard/contracts';
import { DeciderSpecification } from '@switchboard/event-store';
import { describe, it } from 'vitest';
import { checkInDecider } from './check-in.decider.js';

const due = (attempt: number) => checkInAttemptDue.create({ checkInId: 'c-1', episodeId: 'e-1', patientId: 'p-1', attempt });
const sent = (attempt: number) => checkInAttemptSent.create({ checkInId: 'c-1', attempt, channel: 'sms', notificationId: `n-${attempt}` });
const spec = DeciderSpecification.for(checkInDecider);

describe('Check-in decider', () => {
  it('records each attempt once, in order', () => {
    spec.given([due(1)]).when({ type: 'record-attempt', attempt: 1, channel: 'sms', notificationId: 'n-1' }).then([sent(1)]);
    spec.given([due(1), sent(1)]).when({ type: 'record-attempt', attempt: 1, channel: 'sms', notificationId: 'n-1' }).then([]);
    spec.given([due(1), sent(1), due(2)]).when({ type: 'defer', attempt: 2, until: '2026-12-05T08:00:00Z' }).then([checkInAttemptDeferred.create({ checkInId: 'c-1', attempt: 2, until: '2026-12-05T08:00:00Z' })]);
  });

  it('closes on the first reply; nothing is sent or closed after it', () => {
    const replied = checkInReplied.create({ checkInId: 'c-1', interactionId: 'i-1' });
    spec.given([due(1), sent(1)]).when({ type: 'record-reply', interactionId: 'i-1' }).then([replied]);
    spec.given([due(1), sent(1), replied]).when({ type: 'record-reply', interactionId: 'i-2' }).then([]);
    spec.given([due(1), sent(1), replied, due(2)]).when({ type: 'record-attempt', attempt: 2, channel: 'sms', notificationId: 'n-2' }).then([]);
    spec.given([due(1), sent(1), replied]).when({ type: 'close-unanswered', reason: 'no-response', taskId: 't-1' }).then([]);
  });

  it('closes unanswered once, naming the nurse task', () => {
    const closed = checkInClosedUnanswered.create({ checkInId: 'c-1', patientId: 'p-1', reason: 'no-response', taskId: 't-1' });
    spec.given([due(1), sent(1), due(4)]).when({ type: 'close-unanswered', reason: 'no-response', taskId: 't-1' }).then([closed]);
    spec.given([due(1), sent(1), closed]).when({ type: 'close-unanswered', reason: 'no-response', taskId: 't-1' }).then([]);
  });
});
