import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * What a key may do. `reader`: every GET of the API and the console. `writer`: also the
 * workflows' writes (launch a campaign, upload, cancel its own). `operator`: also the console's
 * actions (redrive, discard, bulk cancel, replay, run a cron now) and every service's /ops and
 * /metrics. An admin key holds all three (docs/adr/0016-security-baseline.md).
 */
export type Role = 'reader' | 'writer' | 'operator';

/** A setting listing keys, and the roles each of its keys holds. */
export interface KeyGrant {
  setting: string;
  keys: readonly string[];
  roles: readonly Role[];
}

/** Who a key is, without the secret: its sha256 (hex), and the roles its settings grant it. */
export interface Caller {
  digest: string;
  roles: Role[];
}

const sha256 = (key: string): Buffer => createHash('sha256').update(key).digest();

/** `Authorization: Bearer <token>`, one token of visible characters; anything else is no token. */
export const bearerToken = (authorization: string | undefined): string | undefined =>
  /^Bearer +([\x21-\x7e]{1,512}) *$/i.exec(authorization ?? '')?.[1];

/**
 * Every configured key with its roles. A token is compared as a sha256 digest with
 * timingSafeEqual against every key of every setting, so neither a key's length, its position in
 * a list nor which list holds it shows in the response time. A key listed in two settings holds
 * the roles of both.
 */
export class Keyring {
  private readonly entries: { digest: Buffer; roles: readonly Role[] }[];

  constructor(private readonly grants: readonly KeyGrant[]) {
    this.entries = grants.flatMap((grant) => grant.keys.map((key) => ({ digest: sha256(key), roles: grant.roles })));
  }

  /** The caller holding `token`, or undefined when it is no configured key. */
  match(token: string): Caller | undefined {
    const digest = sha256(token);
    const roles = new Set<Role>();
    for (const entry of this.entries) {
      const same = timingSafeEqual(digest, entry.digest);
      for (const role of entry.roles) if (same) roles.add(role);
    }
    return roles.size > 0 ? { digest: digest.toString('hex'), roles: [...roles].sort() } : undefined;
  }

  /** The settings whose keys hold `role`, to tell a refused caller which key it needs. */
  settingsFor(role: Role): string[] {
    return this.grants.filter((grant) => grant.roles.includes(role)).map((grant) => grant.setting);
  }
}

/** A comma-separated setting (keys, origins) as its items, blanks dropped. */
export const commaList = (value: string | undefined): string[] =>
  (value ?? '')
    .split(',')
    .map((key) => key.trim())
    .filter((key) => key.length > 0);
