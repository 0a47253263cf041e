import { InvalidEventError } from '@switchboard/contracts';
import { TEST_NATS_URL, TestNamespace } from '@switchboard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NatsClient } from '../connection/nats-client.js';
import { CommandBus } from './command-bus.js';
import { CommandResponder } from './command-responder.js';

const ns = new TestNamespace();
const client = new NatsClient({ url: TEST_NATS_URL, name: 'command-responder-test' });
const bus = new CommandBus(client, ns.namespace);
const responders: CommandResponder[] = [];

async function answer(command: string, handle: () => Promise<unknown>): Promise<void> {
  const responder = new CommandResponder(command, handle, { namespace: ns.namespace, queue: 'test' });
  responder.start(await client.connected);
  responders.push(responder);
}

beforeAll(async () => {
  const connection = await client.connected;
  await answer('test.big-reply', async () => 'x'.repeat(connection.info!.max_payload + 1));
  await answer('test.small-reply', async () => 'fine');
  await answer('test.invalid-event', async () => {
    throw new InvalidEventError('claims.campaign.created', 1, [{ field: 'hypotheses.0.key', problems: ['key must be a string'] }]);
  });
});
afterAll(async () => {
  await Promise.all(responders.map((r) => r.stop()));
  await client.onApplicationShutdown();
  await ns.dispose();
});

describe('command responder', () => {
  it('answers a reply over the NATS max payload with a typed problem, and keeps answering', async () => {
    await expect(bus.execute('test.big-reply', {})).rejects.toMatchObject({
      name: 'CommandError',
      code: 'INTERNAL',
      message: expect.stringContaining('max payload'),
    });
    await expect(bus.execute('test.small-reply', {})).resolves.toBe('fine');
  });

  it('refuses to send a command over the NATS max payload as INVALID, not as a crash', async () => {
    const { max_payload } = (await client.connected).info!;
    await expect(bus.execute('test.small-reply', { text: 'x'.repeat(max_payload) })).rejects.toMatchObject({
      name: 'CommandError',
      code: 'INVALID',
    });
  });

  it('answers an event its contract refuses as INVALID with the problems: the input was at fault, nothing was stored', async () => {
    await expect(bus.execute('test.invalid-event', {})).rejects.toMatchObject({
      name: 'CommandError',
      code: 'INVALID',
      details: [{ field: 'hypotheses.0.key', problems: ['key must be a string'] }],
    });
  });
});
