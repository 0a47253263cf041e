import { TestNamespace } from '@switchboard/testing';
import { headers as natsHeaders } from 'nats';
import { afterAll, describe, expect, it } from 'vitest';
import { DEAD_LETTER_HEADERS } from '../dead-letter/dead-letters.js';
import { JetStreamProvisioner } from '../provisioning/jetstream-provisioner.js';
import { deadLetterSubject } from '../provisioning/names.js';
import { DeadLetterQueue } from './dead-letter-queue.js';

const ns = new TestNamespace();
afterAll(() => ns.dispose());

describe('DeadLetterQueue.discard', () => {
  it('removes a letter for good, and says when there was none', async () => {
    const connection = await ns.natsConnection();
    const jsm = await connection.jetstreamManager();
    await new JetStreamProvisioner(jsm, { namespace: ns.namespace }).ensureDeadLetterStream();
    const h = natsHeaders();
    h.set(DEAD_LETTER_HEADERS.reason, 'non-retriable');
    h.set(DEAD_LETTER_HEADERS.consumer, 'claims-progress');
    h.set(DEAD_LETTER_HEADERS.subject, 'claims.x.y.v1');
    const { seq } = await connection.jetstream().publish(deadLetterSubject(ns.namespace, 'claims-progress'), '{}', { headers: h });
    const queue = new DeadLetterQueue(jsm, connection.jetstream(), ns.namespace);
    expect(await queue.show(seq)).toMatchObject({ seq, reason: 'non-retriable' });

    expect(await queue.discard(seq)).toBe(true);
    expect(await queue.show(seq)).toBeUndefined();
    expect(await queue.list()).toEqual([]);
    expect(await queue.discard(seq)).toBe(false);
  });
});
