import { createHash, timingSafeEqual } from 'node:crypto';

const sha256 = (key: string): Buffer => createHash('sha256').update(key).digest();

/** `Authorization: Bearer <token>`, one token of visible characters; anything else is no token. */
export const bearerToken = (authorization: string | undefined): string | undefined =>
  /^Bearer +([\x21-\x7e]{1,512}) *$/i.exec(authorization ?? '')?.[1];

/**
 * A set of secret keys a caller may present. Keys are compared as sha256 digests with
 * timingSafeEqual, and against every key, so neither a key's length nor its position in the list
 * shows in the response time.
 */
export class BearerKeys {
  private readonly digests: Buffer[];

  constructor(keys: readonly string[]) {
    this.digests = keys.map(sha256);
  }

  /** The sha256 (hex) of `token` when it is one of the keys: who is calling, without the secret. */
  match(token: string): string | undefined {
    const digest = sha256(token);
    let known = false;
    for (const candidate of this.digests) known = timingSafeEqual(digest, candidate) || known;
    return known ? digest.toString('hex') : undefined;
  }
}

/** A comma-separated list of keys, as the *_KEYS settings hold them. */
export const keyList = (value: string): string[] =>
  value
    .split(',')
    .map((key) => key.trim())
    .filter((key) => key.length > 0);
