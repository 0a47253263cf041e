import { createECDH, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { eventRegistry } from '../all-events.js';
import { type EventEnvelope } from '../envelope/event-envelope.js';
import { nursePushSubscriptionSet } from '../care/staffing.events.js';
import { notificationRequested } from './notification.events.js';
import { openPushSubscription, type PushSubscription, type SealedPushSubscription, sealPushSubscription, type SecretOpener, type SecretSealer } from './push-subscription.js';

/** Stands in for libs/platform's SecretVault: the same sealed shape, reversible without a key. */
const vault: SecretSealer & SecretOpener = {
  seal: (secret) => ({ sealed: `k1.${'A'.repeat(16)}.${'B'.repeat(22)}.${Buffer.from(secret).toString('base64url')}` }),
  open: (sealed) => Buffer.from(sealed.split('.')[3], 'base64url').toString(),
};
const browserSubscription = (): PushSubscription => ({
  endpoint: 'https://push.example/sub/1',
  keys: { p256dh: createECDH('prime256v1').generateKeys().toString('base64url'), auth: randomBytes(16).toString('base64url') },
});
const envelope = (type: string, version: number, payload: unknown) => ({ id: 'e-1', type, version, payload }) as EventEnvelope<unknown>;

describe('a sealed push subscription', () => {
  it('keeps the endpoint, seals the keys and opens to the subscription it was', () => {
    const subscription = browserSubscription();
    const sealed = sealPushSubscription(vault, subscription);
    expect(sealed.endpoint).toBe(subscription.endpoint);
    expect(Object.keys(sealed).sort()).toEqual(['endpoint', 'keysDigest', 'sealedKeys']);
    expect(openPushSubscription(vault, sealed)).toEqual(subscription);
    expect(() => eventRegistry.validate(nursePushSubscriptionSet.type, 2, { nurseId: 'n-1', subscription: sealed })).not.toThrow();
  });

  it('has the same digest however often it is sealed, and another for other keys', () => {
    const subscription = browserSubscription();
    expect(sealPushSubscription(vault, subscription).keysDigest).toBe(sealPushSubscription(vault, { ...subscription }).keysDigest);
    expect(sealPushSubscription(vault, browserSubscription()).keysDigest).not.toBe(sealPushSubscription(vault, subscription).keysDigest);
  });

  it('is refused in the clear by the current versions', () => {
    const subscription = browserSubscription();
    expect(() => eventRegistry.validate(nursePushSubscriptionSet.type, 2, { nurseId: 'n-1', subscription })).toThrow(/sealedKeys/);
  });
});

describe('v1 events, which stored push keys in the clear, read as current ones', () => {
  it("a nurse's subscription set: upcast, its keys still open to what was stored", () => {
    const subscription = browserSubscription();
    const decoded = eventRegistry.decode<{ subscription: SealedPushSubscription }>(envelope(nursePushSubscriptionSet.type, 1, { nurseId: 'n-1', subscription }));
    expect(decoded.version).toBe(2);
    expect(decoded.payload.subscription.keysDigest).toBe(sealPushSubscription(vault, subscription).keysDigest);
    expect(openPushSubscription(vault, decoded.payload.subscription)).toEqual(subscription);
  });

  it("a notification requested: upcast, the recipient's subscription still opens; one without push is unchanged", () => {
    const push = browserSubscription();
    const request = {
      notificationId: '00000000-0000-4000-8000-000000000001',
      channels: ['push', 'sms'],
      recipient: { kind: 'nurse', id: 'n-1', phone: '+15550001111', push },
      about: { kind: 'task', id: 't-1' },
      body: 'Task 1 is yours',
      correlationId: 't-1',
    };
    const decoded = eventRegistry.decode<{ request: { recipient: { push: SealedPushSubscription } } }>(envelope(notificationRequested.type, 1, { request }));
    expect(decoded.version).toBe(2);
    expect(openPushSubscription(vault, decoded.payload.request.recipient.push)).toEqual(push);
    const withoutPush = { ...request, recipient: { kind: 'nurse', id: 'n-1', phone: '+15550001111' } };
    expect(eventRegistry.decode(envelope(notificationRequested.type, 1, { request: withoutPush })).payload).toMatchObject({ request: withoutPush });
  });
});
