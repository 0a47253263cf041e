import { createInbox, Empty, type NatsConnection } from 'nats';

export interface StreamBackup {
  stream: string;
  config: unknown;
  state: unknown;
  chunks: Uint8Array[];
}

const json = (data: Uint8Array) => JSON.parse(new TextDecoder().decode(data));

/**
 * A snapshot of a stream through the JetStream API, as `nats stream backup` takes it: restoring it
 * later brings back the stream as it was then, its creation time and consumers included.
 */
export async function backUpStream(connection: NatsConnection, stream: string): Promise<StreamBackup> {
  const inbox = createInbox();
  const chunks: Uint8Array[] = [];
  const received = new Promise<void>((resolve) => {
    const subscription = connection.subscribe(inbox, {
      callback: (_, message) => {
        if (message.data.length === 0) {
          subscription.unsubscribe();
          return resolve();
        }
        chunks.push(message.data);
        message.respond(Empty); // flow control: the server sends the next chunks once this one is acknowledged
      },
    });
  });
  const answer = json(
    (await connection.request(`$JS.API.STREAM.SNAPSHOT.${stream}`, JSON.stringify({ deliver_subject: inbox, chunk_size: 64 * 1024 }), { timeout: 10_000 })).data,
  );
  if (answer.error) throw new Error(`snapshot of ${stream}: ${answer.error.description}`);
  await received;
  return { stream, config: answer.config, state: answer.state, chunks };
}

/** Brings back a stream from its backup; the stream must not exist. */
export async function restoreStream(connection: NatsConnection, backup: StreamBackup): Promise<void> {
  const request = JSON.stringify({ config: backup.config, state: backup.state });
  const answer = json((await connection.request(`$JS.API.STREAM.RESTORE.${backup.stream}`, request, { timeout: 10_000 })).data);
  if (answer.error) throw new Error(`restore of ${backup.stream}: ${answer.error.description}`);
  for (const chunk of backup.chunks) await connection.request(answer.deliver_subject, chunk, { timeout: 10_000 });
  const restored = json((await connection.request(answer.deliver_subject, Empty, { timeout: 30_000 })).data);
  if (restored.error) throw new Error(`restore of ${backup.stream}: ${restored.error.description}`);
}
