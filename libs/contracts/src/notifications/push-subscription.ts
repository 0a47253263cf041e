import { createHash } from 'node:crypto';
import { Type } from 'class-transformer';
import { IsDefined, Matches, MaxLength, ValidateNested } from 'class-validator';

/**
 * A Web Push subscription's parts (RFC 8291): the push service's endpoint, the browser's P-256
 * public key (65 bytes) and auth secret (16 bytes), base64url as `PushSubscription.toJSON()` gives
 * them. The endpoint is https, or plain http on the loopback only (what browsers also count as a
 * secure context; the provider simulator's push service lives there), with no credentials in it.
 */
export const PUSH_SUBSCRIPTION_RULES = {
  endpoint: /^(https:\/\/[A-Za-z0-9.-]+|http:\/\/(localhost|127(\.\d{1,3}){3}|\[::1\]))(:\d{1,5})?\/[\x21-\x7e]*$/,
  endpointLength: 2_000,
  p256dh: /^[A-Za-z0-9_-]{87}=?$/,
  auth: /^[A-Za-z0-9_-]{22}(==)?$/,
} as const;

export const PUSH_SUBSCRIPTION_MESSAGES = {
  endpoint: 'endpoint must be an https URL (http only on the loopback), without credentials',
  p256dh: 'p256dh must be a base64url P-256 public key (65 bytes)',
  auth: 'auth must be a base64url 16-byte secret',
} as const;

export class PushSubscriptionKeys {
  @Matches(PUSH_SUBSCRIPTION_RULES.p256dh, { message: PUSH_SUBSCRIPTION_MESSAGES.p256dh }) p256dh: string;
  @Matches(PUSH_SUBSCRIPTION_RULES.auth, { message: PUSH_SUBSCRIPTION_MESSAGES.auth }) auth: string;
}

/**
 * A Web Push subscription as the browser's PushManager hands it out (`subscription.toJSON()`). Kept
 * only sealed (`SealedPushSubscription`); in this form only in what v1 events stored.
 */
export class PushSubscription {
  @Matches(PUSH_SUBSCRIPTION_RULES.endpoint, { message: PUSH_SUBSCRIPTION_MESSAGES.endpoint }) @MaxLength(PUSH_SUBSCRIPTION_RULES.endpointLength) endpoint: string;
  @IsDefined() @ValidateNested() @Type(() => PushSubscriptionKeys) keys: PushSubscriptionKeys;
}

/**
 * `<keyId>.<iv>.<tag>.<ciphertext>` as SecretVault (libs/platform) seals, or `unsealed:<p256dh>:<auth>`:
 * keys a v1 event stored in the clear, as its upcaster carries them on (never written anew).
 */
const SEALED_KEYS = /^([A-Za-z0-9_-]{1,32}\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{1,400}|unsealed:[A-Za-z0-9_-]{87}=?:[A-Za-z0-9_-]{22}(==)?)$/;
const UNSEALED = 'unsealed:';

/**
 * A Web Push subscription as events, commands and read models carry it: where to send in the clear
 * (the API shows it, a push service's "gone" names it, and without our VAPID key and the subscription's
 * keys nobody can send to it), how to encrypt sealed with PUSH_ENCRYPTION_KEYS, opened only by the
 * push sender. The gateway seals it as the request arrives.
 */
export class SealedPushSubscription {
  @Matches(PUSH_SUBSCRIPTION_RULES.endpoint, { message: PUSH_SUBSCRIPTION_MESSAGES.endpoint }) @MaxLength(PUSH_SUBSCRIPTION_RULES.endpointLength) endpoint: string;
  /** `PushSubscriptionKeys` as JSON, sealed. */
  @Matches(SEALED_KEYS, { message: 'sealedKeys must be sealed push subscription keys' }) @MaxLength(500) sealedKeys: string;
  /**
   * sha256 of `<p256dh>.<auth>` (base64url): the same subscription sent again is told from a new
   * one without opening it (the auth secret's 128 random bits keep it from being guessed back).
   */
  @Matches(/^[A-Za-z0-9_-]{43}$/, { message: 'keysDigest must be a base64url sha256' }) keysDigest: string;
}

/** What seals and opens a secret: libs/platform's SecretVault, which contracts do not depend on. */
export interface SecretSealer {
  seal(secret: string): { sealed: string };
}
export interface SecretOpener {
  open(sealed: string): string;
}

const keysDigest = ({ p256dh, auth }: PushSubscriptionKeys): string => createHash('sha256').update(`${p256dh}.${auth}`).digest('base64url');

export function sealPushSubscription(vault: SecretSealer, { endpoint, keys }: PushSubscription): SealedPushSubscription {
  const { p256dh, auth } = keys;
  return { endpoint, sealedKeys: vault.seal(JSON.stringify({ p256dh, auth })).sealed, keysDigest: keysDigest(keys) };
}

/** The subscription to send to, its keys opened (throws if they do not open: a key removed, a tampered text). */
export function openPushSubscription(vault: SecretOpener, { endpoint, sealedKeys }: SealedPushSubscription): PushSubscription {
  if (sealedKeys.startsWith(UNSEALED)) {
    const [p256dh, auth] = sealedKeys.slice(UNSEALED.length).split(':');
    return { endpoint, keys: { p256dh, auth } };
  }
  const { p256dh, auth } = JSON.parse(vault.open(sealedKeys)) as PushSubscriptionKeys;
  return { endpoint, keys: { p256dh, auth } };
}

/** The id of the key its keys were sealed with (`unsealed` for keys a v1 event stored in the clear). */
export const sealedWith = ({ sealedKeys }: SealedPushSubscription): string => (sealedKeys.startsWith(UNSEALED) ? 'unsealed' : sealedKeys.split('.')[0]);

/**
 * A v1 event's subscription in the current shape, its keys as the event stored them (in the clear):
 * for upcasters, which cannot seal (they hold no key and must give the same result every time).
 */
export function unsealedPushSubscription({ endpoint, keys }: PushSubscription): SealedPushSubscription {
  return { endpoint, sealedKeys: `${UNSEALED}${keys.p256dh}:${keys.auth}`, keysDigest: keysDigest(keys) };
}
