import { Logger } from '@nestjs/common';
import type { Checkpoint, CheckpointStore, EventStore } from '@switchboard/event-store';
import type { JetStreamManager, StreamInfo } from 'nats';

const EVENT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** How far back from the stream's end to look for the last event of this store before republishing all. */
const SEARCH_DEPTH = 1_000;
/** Messages asked for at once while searching: one round trip per message made the search minutes long on a busy broker. */
const SEARCH_WINDOW = 50;

/** Whether the relay that started a step still leads: a step it gave up on must not write anything. */
export type StillLeading = () => boolean;

export class LeadLost extends Error {
  constructor() {
    super('this relay no longer leads: its abandoned step writes nothing');
    this.name = 'LeadLost';
  }
}

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

  async saveReached(checkpointName: string, seq: number, leading: StillLeading): Promise<void> {
    if (!leading()) throw new LeadLost();
    await this.checkpoints.save(reachedName(checkpointName), reachedCheckpoint(seq));
  }

  /** The relay's checkpoint and, when it moved, the sequence the stream reached: one write, one commit. */
  async saveWithReached(checkpointName: string, checkpoint: Checkpoint, seq?: number): Promise<void> {
    const entries = [{ name: checkpointName, checkpoint }];
    if (seq !== undefined) entries.push({ name: reachedName(checkpointName), checkpoint: reachedCheckpoint(seq) });
    await this.checkpoints.saveAll(entries);
  }

  /** Moves the relay's checkpoint back when the stream is behind it; true if it did. */
  async rewindIfBehind(stream: StreamInfo, checkpointName: string, leading: StillLeading): Promise<boolean> {
    const reached = await this.reached(checkpointName);
    if (stream.state.last_seq >= reached) return false;
    const behind = `stream ${stream.config.name} ends at sequence ${stream.state.last_seq} but had reached ${reached}`;
    this.logger.warn(`${behind}: looking for the newest event of the store it still holds`);
    const resume = await this.newestEventIn(stream, leading);
    this.logger.warn(`${behind}: republishing ${resume ? `the events after ${resume.eventId}` : 'every event of the store'}`);
    if (!leading()) throw new LeadLost();
    if (resume) await this.checkpoints.save(checkpointName, resume.checkpoint);
    else await this.checkpoints.remove(checkpointName);
    await this.saveReached(checkpointName, stream.state.last_seq, leading);
    return true;
  }

  /** The newest message of the stream that is an event of this store, with its place in the store. */
  private async newestEventIn(stream: StreamInfo, leading: StillLeading): Promise<{ eventId: string; checkpoint: Checkpoint } | undefined> {
    const jsm = await this.jsm();
    const { first_seq, last_seq } = stream.state;
    const lowest = Math.max(first_seq, last_seq - SEARCH_DEPTH, 1);
    for (let top = last_seq; top >= lowest; top -= SEARCH_WINDOW) {
      if (!leading()) throw new LeadLost();
      const seqs = Array.from({ length: Math.min(SEARCH_WINDOW, top - lowest + 1) }, (_, i) => top - i);
      // A sequence the stream no longer has (deleted, purged) is simply not a candidate.
      const messages = await Promise.all(seqs.map((seq) => jsm.streams.getMessage(stream.config.name, { seq }).catch(() => undefined)));
      for (const message of messages) {
        const eventId = message?.header?.get('Nats-Msg-Id') ?? '';
        if (!EVENT_ID.test(eventId)) continue; // not a relayed event: a failure notice, a redrive
        const checkpoint = await this.store.checkpointOf(eventId);
        if (checkpoint) return { eventId, checkpoint };
      }
    }
    return undefined;
  }
}

const reachedName = (checkpointName: string) => `${checkpointName}:reached-seq`;
const reachedCheckpoint = (seq: number): Checkpoint => ({ txId: '0', position: String(seq) });
