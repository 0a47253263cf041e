import type { EventEnvelope } from '@switchboard/contracts';
import type pg from 'pg';
import type { CheckpointStore } from '../store/checkpoint.js';
import type { EventStore } from '../store/event-store.js';

/** A read model fed from the store. */
export interface Projection {
  name: string;
  /** Applies a batch (in store order) inside the transaction that also moves the checkpoint. */
  apply(events: EventEnvelope[], tx: pg.PoolClient): Promise<void>;
  /** Empties the read model before a rebuild. */
  reset(tx: pg.PoolClient): Promise<void>;
}

/**
 * Keeps a projection up to date: each batch and its checkpoint commit together, so a crash
 * neither skips nor repeats events. `rebuild` starts over from position 0. Runners of the same
 * projection (replicas) take turns on a transaction-level advisory lock, and each reads its
 * checkpoint only once it holds the lock, so no two apply the same batch.
 */
export class ProjectionRunner {
  constructor(
    private readonly store: EventStore,
    private readonly checkpoints: CheckpointStore,
    private readonly projection: Projection,
    private readonly batchSize = 5_000,
  ) {}

  private get checkpointName() {
    return `projection:${this.projection.name}`;
  }

  /** Applies everything the projection has not seen; returns how many events that was. */
  async catchUp(): Promise<number> {
    let applied = 0;
    for (;;) {
      const batch = await this.store.transaction(async (tx) => {
        await this.lock(tx);
        const after = await this.checkpoints.load(this.checkpointName, tx);
        const { events, checkpoint } = await this.store.readAll({ after, limit: this.batchSize });
        if (events.length === 0) return 0;
        await this.projection.apply(events, tx);
        await this.checkpoints.save(this.checkpointName, checkpoint, tx);
        return events.length;
      });
      if (batch === 0) return applied;
      applied += batch;
    }
  }

  async rebuild(): Promise<number> {
    await this.store.transaction(async (tx) => {
      await this.lock(tx);
      await this.projection.reset(tx);
      await this.checkpoints.remove(this.checkpointName, tx);
    });
    return this.catchUp();
  }

  /** Held until the transaction ends; the schema keeps namespaces sharing a database apart. */
  private async lock(tx: pg.PoolClient): Promise<void> {
    await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`${this.store.schema}:${this.checkpointName}`]);
  }
}
