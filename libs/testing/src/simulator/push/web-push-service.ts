import { createDecipheriv, createECDH, type ECDH, hkdfSync, randomBytes, randomUUID } from 'node:crypto';
import type { Reply, SimRequest } from '../http-kit.js';

/** A subscription made with `subscribe`, as the browser's `PushSubscription.toJSON()` gives it. */
export interface BrowserSubscription {
  /** The simulator's id of it: the endpoint's last segment. */
  id: string;
  endpoint: string;
  keys: { p256dh: string; auth: string };
  expirationTime: null;
}

/** A message the push service took for a subscription made here: what the browser would show, or null when it did not decrypt. */
export interface ReceivedPush {
  subscriptionId: string;
  payload: string | null;
}

interface Browser {
  ecdh: ECDH;
  auth: Buffer;
}

const info = (label: string, ...parts: Buffer[]) => Buffer.concat([Buffer.from(`${label}\0`), ...parts]);
const hkdf = (ikm: Buffer, salt: Buffer, infoBytes: Buffer, length: number) => Buffer.from(hkdfSync('sha256', ikm, salt, infoBytes, length));

/**
 * A Web Push service (RFC 8030) at `${baseUrl}/push/<id>`, and the browsers behind it. Any id takes
 * a message (201 with its location); for a subscription made with `subscribe`, whose private key and
 * auth secret stay here, the message is also decrypted as the browser would (RFC 8291, aes128gcm),
 * so a test sees that the sender encrypted to the right keys.
 */
export class WebPushService {
  private readonly browsers = new Map<string, Browser>();
  readonly received: ReceivedPush[] = [];

  constructor(private readonly baseUrl: () => string) {}

  /** A new browser subscription on this push service. */
  subscribe(): BrowserSubscription {
    const id = randomUUID();
    const ecdh = createECDH('prime256v1');
    const auth = randomBytes(16);
    const p256dh = ecdh.generateKeys().toString('base64url');
    this.browsers.set(id, { ecdh, auth });
    return { id, endpoint: `${this.baseUrl()}/push/${id}`, keys: { p256dh, auth: auth.toString('base64url') }, expirationTime: null };
  }

  /** What the browser of `subscriptionId` received, decrypted. */
  messagesTo(subscriptionId: string): (string | null)[] {
    return this.received.filter((r) => r.subscriptionId === subscriptionId).map((r) => r.payload);
  }

  send(request: SimRequest, subscriptionId: string): Reply {
    const browser = this.browsers.get(subscriptionId);
    if (browser) this.received.push({ subscriptionId, payload: decrypt(browser, request.raw) });
    return { status: 201, headers: { location: `/push/${subscriptionId}/messages/${randomBytes(8).toString('hex')}` } };
  }
}

/** RFC 8291 / RFC 8188: one aes128gcm record, keyed from ECDH with the sender's key and the auth secret; null when it does not decrypt. */
function decrypt({ ecdh, auth }: Browser, body: Buffer): string | null {
  try {
    const salt = body.subarray(0, 16);
    const idLength = body[20];
    const senderKey = body.subarray(21, 21 + idLength);
    const record = body.subarray(21 + idLength);
    const ikm = hkdf(ecdh.computeSecret(senderKey), auth, info('WebPush: info', ecdh.getPublicKey(), senderKey), 32);
    const decipher = createDecipheriv('aes-128-gcm', hkdf(ikm, salt, info('Content-Encoding: aes128gcm'), 16), hkdf(ikm, salt, info('Content-Encoding: nonce'), 12));
    decipher.setAuthTag(record.subarray(-16));
    const padded = Buffer.concat([decipher.update(record.subarray(0, -16)), decipher.final()]);
    // The last record ends with the delimiter 0x02, then zero padding.
    return padded.subarray(0, padded.lastIndexOf(2)).toString('utf8');
  } catch {
    return null;
  }
}
