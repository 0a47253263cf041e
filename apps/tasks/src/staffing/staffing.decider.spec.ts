import { nursePushSubscriptionRemoved, nursePushSubscriptionSet, nurseRegistered, sealPushSubscription, shiftEnded, shiftScheduled, shiftStarted, unsealedPushSubscription } from '@switchboard/contracts';
import { DeciderSpecification } from '@switchboard/event-store';
import { SecretVault } from '@switchboard/platform';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'vitest';
import { nurseDecider, shiftDecider, StaffingRuleViolation } from './staffing.decider.js';

const shift = { shiftId: 's-1', nurseId: 'n-1', unit: 'general', startsAt: '2026-12-04T08:00:00Z', endsAt: '2026-12-04T16:00:00Z', capacity: 5 };
const scheduled = shiftScheduled.create(shift);

describe('Staffing deciders', () => {
  it('registers a nurse once', () => {
    const nurse = { nurseId: 'n-1', name: 'Ada', unit: 'general', phone: '+15550001111' };
    DeciderSpecification.for(nurseDecider).given([]).when({ type: 'register', ...nurse }).then([nurseRegistered.create(nurse)]);
    DeciderSpecification.for(nurseDecider).given([nurseRegistered.create(nurse)]).when({ type: 'register', ...nurse }).then([]);
  });

  describe('push subscription', () => {
    const nurse = { nurseId: 'n-1', name: 'Ada', unit: 'general', phone: '+15550001111' };
    // As the gateway hands them on: the keys sealed, each time with a fresh IV.
    const vault = new SecretVault(`k1:${randomBytes(32).toString('base64')}`);
    const browser = { endpoint: 'https://push.example/sub/1', keys: { p256dh: 'B'.repeat(87), auth: 'a'.repeat(22) } };
    const push = sealPushSubscription(vault, browser);
    const replacement = sealPushSubscription(vault, { ...browser, endpoint: 'https://push.example/sub/2' });
    const registered = nurseRegistered.create(nurse);
    const set = nursePushSubscriptionSet.create({ nurseId: 'n-1', subscription: push });
    const spec = () => DeciderSpecification.for(nurseDecider);

    it('is set with the registration when it comes with it', () => {
      spec().given([]).when({ type: 'register', ...nurse, push }).then([registered, set]);
    });

    it('is set, replaced, and set again to the same (sealed anew) changes nothing; new keys on the same endpoint replace it', () => {
      spec().given([registered]).when({ type: 'set-push-subscription', subscription: push }).then([set]);
      spec().given([registered, set]).when({ type: 'set-push-subscription', subscription: replacement }).then([nursePushSubscriptionSet.create({ nurseId: 'n-1', subscription: replacement })]);
      spec().given([registered, set]).when({ type: 'set-push-subscription', subscription: push }).then([]);
      spec().given([registered, set]).when({ type: 'set-push-subscription', subscription: sealPushSubscription(vault, browser) }).then([]);
      const newKeys = sealPushSubscription(vault, { ...browser, keys: { ...browser.keys, auth: 'b'.repeat(22) } });
      spec().given([registered, set]).when({ type: 'set-push-subscription', subscription: newKeys }).then([nursePushSubscriptionSet.create({ nurseId: 'n-1', subscription: newKeys })]);
    });

    it('set again after a key rotation, or kept unsealed by a v1 event, is kept sealed with the current key', () => {
      const rotated = sealPushSubscription(new SecretVault(`k2:${randomBytes(32).toString('base64')}`), browser);
      spec().given([registered, set]).when({ type: 'set-push-subscription', subscription: rotated }).then([nursePushSubscriptionSet.create({ nurseId: 'n-1', subscription: rotated })]);
      const storedInTheClear = nursePushSubscriptionSet.create({ nurseId: 'n-1', subscription: unsealedPushSubscription(browser) });
      spec().given([registered, storedInTheClear]).when({ type: 'set-push-subscription', subscription: push }).then([set]);
    });

    it('is removed by REST, once', () => {
      const removed = nursePushSubscriptionRemoved.create({ nurseId: 'n-1', endpoint: push.endpoint, reason: 'removed' });
      spec().given([registered, set]).when({ type: 'remove-push-subscription', reason: 'removed' }).then([removed]);
      spec().given([registered, set, removed]).when({ type: 'remove-push-subscription', reason: 'removed' }).then([]);
    });

    it('is dropped when the push service says it is gone, unless the nurse has subscribed anew since', () => {
      const gone = { type: 'remove-push-subscription', reason: 'gone', endpoint: push.endpoint } as const;
      spec().given([registered, set]).when(gone).then([nursePushSubscriptionRemoved.create({ nurseId: 'n-1', endpoint: push.endpoint, reason: 'gone' })]);
      spec().given([registered, set, nursePushSubscriptionSet.create({ nurseId: 'n-1', subscription: replacement })]).when(gone).then([]);
    });

    it('belongs to a registered nurse', () => {
      spec().given([]).when({ type: 'set-push-subscription', subscription: push }).thenThrows(StaffingRuleViolation, /no such nurse/);
    });
  });

  it('schedules a shift that ends after it starts', () => {
    DeciderSpecification.for(shiftDecider).given([]).when({ type: 'schedule', ...shift }).then([scheduled]);
    DeciderSpecification.for(shiftDecider).given([]).when({ type: 'schedule', ...shift, endsAt: shift.startsAt }).thenThrows(StaffingRuleViolation, /endsAt/);
  });

  it('ends a shift once, early or at its end', () => {
    const ended = shiftEnded.create({ shiftId: 's-1', nurseId: 'n-1', unit: 'general' });
    DeciderSpecification.for(shiftDecider).given([scheduled, shiftStarted.create({ shiftId: 's-1', unit: 'general' })]).when({ type: 'end' }).then([ended]);
    DeciderSpecification.for(shiftDecider).given([scheduled, ended]).when({ type: 'end' }).then([]);
  });
});
