import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Secrets at rest. `seal` encrypts with AES-256-GCM (authenticated: a tampered ciphertext does not
 * open); `derive` makes a secret that needs no storing at all (HMAC of a public value). The key
 * list comes from a setting (`id:base64key,...`, e.g. TOKEN_ENCRYPTION_KEYS); sealed text and
 * derived values name their key, so keys rotate: a new key goes first and is used from then on,
 * older ones still open what they sealed until it is sealed again (`needsResealing`).
 */
export class SecretVault {
  private readonly keys: Map<string, Buffer>;
  private readonly currentKeyId: string;

  /** `keyList`: `id:base64key,...`, the first one current. */
  constructor(keyList: string) {
    const entries = keyList.split(',').map((entry) => {
      const [id, key] = entry.split(':');
      const bytes = Buffer.from(key, 'base64');
      if (bytes.length !== 32) throw new Error(`key ${id} must be 32 bytes`);
      return [id, bytes] as const;
    });
    this.keys = new Map(entries);
    this.currentKeyId = entries[0][0];
  }

  /** `<keyId>.<iv>.<tag>.<ciphertext>` (base64url parts); the key id is also authenticated data. */
  seal(secret: string): { keyId: string; sealed: string } {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(this.currentKeyId)!, iv);
    cipher.setAAD(Buffer.from(this.currentKeyId));
    const data = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    const parts = [iv, cipher.getAuthTag(), data].map((b) => b.toString('base64url'));
    return { keyId: this.currentKeyId, sealed: [this.currentKeyId, ...parts].join('.') };
  }

  open(sealed: string): string {
    const [keyId, iv, tag, data] = sealed.split('.');
    const decipher = createDecipheriv('aes-256-gcm', this.key(keyId, 'open this secret'), Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(keyId));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
  }

  needsResealing(sealed: string): boolean {
    return !sealed.startsWith(`${this.currentKeyId}.`);
  }

  /**
   * A secret derived from `message` for `purpose` (HMAC-SHA256, base64url) under key `keyId`, the
   * current one unless named. Each purpose has a key of its own (HKDF of the vault's key with the
   * purpose), so the vault's key is never used twice for different things. The same inputs give
   * the same value: whoever holds the key makes it again when needed, and nothing is stored.
   */
  derive(purpose: string, message: string, keyId = this.currentKeyId): { keyId: string; value: string } {
    const purposeKey = Buffer.from(hkdfSync('sha256', this.key(keyId, 'derive with'), Buffer.alloc(0), `switchboard:${purpose}`, 32));
    return { keyId, value: createHmac('sha256', purposeKey).update(message).digest('base64url') };
  }

  private key(keyId: string, use: string): Buffer {
    const key = this.keys.get(keyId);
    if (!key) throw new Error(`no key ${keyId} to ${use} (was it removed before resealing?)`);
    return key;
  }
}
