import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Seals secrets at rest with AES-256-GCM (authenticated: a tampered ciphertext does not open).
 * The sealed text names its key, so keys rotate: a new key goes first in the list and seals from
 * then on, older ones still open what they sealed until it is sealed again (`needsResealing`).
 */
export class TokenVault {
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
    const key = this.keys.get(keyId);
    if (!key) throw new Error(`no key ${keyId} to open this secret (was it removed before resealing?)`);
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(keyId));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
  }

  needsResealing(sealed: string): boolean {
    return !sealed.startsWith(`${this.currentKeyId}.`);
  }
}
