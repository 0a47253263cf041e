import { Logger } from '@nestjs/common';
import type { Checkpoint, CheckpointStore, EventStore } from '@switchboard/event-store';
import type { JetStreamManager, StreamInfo } from 'nats';

const EVENT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** How far back from the stream's end to look for the last event of this store before republishing all. */
const SEARCH_DEPTH = 1_000;

/**
 * Notices a stream that lost its tail while keeping its identity: the broker's volume restored from
 * an older backup, or the last unsynced writes lost in a host crash (JetStream fsyncs every couple
 * of minutes). The relay records how far the stream had got (the sequence of its last acknowledged
 * publish, as a second checkpoint row); a stream whose last sequence is below that lost messages.
 * The relay then goes back to the newest event of its store that the stream still holds (streams
 * are appended in store order, so everything before it is there too) and republishes from there.
 */
export class StreamBehind {
  private readonly logger = new Logger('OutboxRelay');

  constructor(
    private readonly store: EventStore,
    private readonly checkpoints: CheckpointStore,
    private readonly jsm: () => Promise<JetStreamManager>,
  ) {}

  async reached(checkpointName: string): Promise<number> {
    return Number((await this.checkpoints.load(reachedName(checkpointName)))?.position ?? 0);
  }

  async saveReached(checkpointName: string, seq: number): Promise<void> {
    await this.checkpoints.save(reachedName(checkpointName), reachedCheckpoint(seq));
  }

  /** The relay's checkpoint and, when it moved, the sequence the stream reached: one write, one commit. */
  async saveWithReached(checkpointName: string, checkpoint: Checkpoint, seq?: number): Promise<void> {
    const entries = [{ name: checkpointName, checkpoint }];
    if (seq !== undefined) entries.push({ name: reachedName(checkpointName), checkpoint: reachedCheckpoint(seq) });
    await this.checkpoints.saveAll(entries);
  }

  /** Moves the relay's checkpoint back when the stream is behind it; true if it did. */
  async rewindIfBehind(stream: StreamInfo, checkpointName: string): Promise<boolean> {
    const reached = await this.reached(checkpointName);
    if (stream.state.last_seq >= reached) return false;
    const resume = await this.newestEventIn(stream);
    this.logger.warn(
      `stream ${stream.config.name} ends at sequence ${stream.state.last_seq} but had reached ${reached}: ` +
        `republishing ${resume ? `the events after ${resume.eventId}` : 'every event of the store'}`,
    );
    if (resume) await this.checkpoints.save(checkpointName, resume.checkpoint);
    else await this.checkpoints.remove(checkpointName);
    await this.saveReached(checkpointName, stream.state.last_seq);
    return true;
  }

  /** The newest message of the stream that is an event of this store, with its place in the store. */
  private async newestEventIn(stream: StreamInfo): Promise<{ eventId: string; checkpoint: Checkpoint } | undefined> {
    const jsm = await this.jsm();
    const { first_seq, last_seq } = stream.state;
    for (let seq = last_seq; seq >= Math.max(first_seq, last_seq - SEARCH_DEPTH) && seq > 0; seq--) {
      const message = await jsm.streams.getMessage(stream.config.name, { seq }).catch(() => undefined);
      const eventId = message?.header?.get('Nats-Msg-Id') ?? '';
      if (!EVENT_ID.test(eventId)) continue; // not a relayed event: a failure notice, a redrive
      const checkpoint = await this.store.checkpointOf(eventId);
      if (checkpoint) return { eventId, checkpoint };
    }
    return undefined;
  }
}

const reachedName = (checkpointName: string) => `${checkpointName}:reached-seq`;
const reachedCheckpoint = (seq: number): Checkpoint => ({ txId: '0', position: String(seq) });
