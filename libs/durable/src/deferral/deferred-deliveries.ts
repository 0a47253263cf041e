import { withTransaction } from '@switchboard/event-store';
import pg from 'pg';
import { type Clock, systemClock } from '../clock/clock.js';
import type { RateLimit, RateLimiter } from '../rate-limit/rate-limiter.js';

export interface Deferral {
  consumer: string;
  eventId: string;
  eventType: string;
  /** The rate-limit key whose start it waits for. */
  key: string;
  /** The delivery attempt it will be handled as. */
  attempt: number;
  /** What the consumer needs to handle it later (opaque here). */
  delivery: unknown;
}

export interface ClaimedDeferral extends Deferral {
  dueAt: Date;
  /** Its start is already counted by the rate limit (reserved when it was deferred). */
  reserved: boolean;
  /** Identifies this claim: a claim that expired and was taken by another replica writes nothing. */
  claim: string;
}

export interface DeferredState {
  consumer: string;
  key: string;
  deferred: number;
  nextDueAt: Date;
}

interface Row {
  consumer: string;
  event_id: string;
  event_type: string;
  key: string;
  attempt: number;
  delivery: unknown;
  due_at: Date;
  reserved: boolean;
  claimed_by: string;
}

/**
 * Deliveries whose rate-limited start is too far ahead to keep in hand. Deferring one reserves the
 * key's next free start and records the delivery due then, in one transaction; the consumer acks
 * only after that commits. Replicas claim due rows with FOR UPDATE SKIP LOCKED under a lease (one
 * ack wait, extended while the handler works), so a replica that dies leaves them to the others.
 */
export class DeferredDeliveries {
  private readonly table: string;

  constructor(
    private readonly pool: pg.Pool,
    schema: string,
    private readonly limiter: RateLimiter,
    private readonly clock: Clock = systemClock,
  ) {
    this.table = `${pg.escapeIdentifier(schema)}.deferred_deliveries`;
  }

  /**
   * Defers a delivery to the key's next free start and says when that is. A delivery deferred
   * already (a redelivery of a message whose ack was lost) keeps its row and place. With `claim`,
   * the claimed row itself waits again (a retry's start): nothing happens if the claim was lost.
   */
  async defer(deferral: Deferral, rate: RateLimit, claim?: string): Promise<Date | undefined> {
    return withTransaction(this.pool, async (tx) => {
      if (!claim) {
        // The row first: a concurrent deferral of the same event waits on its key and then reserves nothing.
        const inserted = await tx.query(
          `INSERT INTO ${this.table} (consumer, event_id, event_type, key, due_at, reserved, attempt, delivery)
           VALUES ($1, $2, $3, $4, $5, true, $6, $7) ON CONFLICT DO NOTHING`,
          [deferral.consumer, deferral.eventId, deferral.eventType, deferral.key, this.clock.now(), deferral.attempt, deferral.delivery],
        );
        if (!inserted.rowCount) return this.dueAt(tx, deferral.consumer, deferral.eventId);
      }
      const dueAt = await this.limiter.reserve(tx, deferral.key, rate);
      const updated = await tx.query(
        `UPDATE ${this.table} SET due_at = $3, reserved = true, claimed_by = NULL, claimed_until = NULL
         WHERE consumer = $1 AND event_id = $2 AND claimed_by IS NOT DISTINCT FROM $4`,
        [deferral.consumer, deferral.eventId, dueAt, claim ?? null],
      );
      if (!updated.rowCount) throw new ClaimLost();
      return dueAt;
    }).catch((error: unknown) => {
      if (error instanceof ClaimLost) return undefined;
      throw error;
    });
  }

  /**
   * Claims up to `limit` of the consumer's due deliveries for `leaseMs`. A claim that expired
   * without an outcome counts as a delivery (the handler crashed or hung), as a redelivery would.
   */
  async claimDue(consumer: string, limit: number, leaseMs: number): Promise<ClaimedDeferral[]> {
    const now = this.clock.now();
    const { rows } = await this.pool.query<Row>(
      `UPDATE ${this.table} AS d
       SET claimed_by = gen_random_uuid(), claimed_until = $2::timestamptz + make_interval(secs => $4::float8 / 1000),
           attempt = d.attempt + (d.claimed_until IS NOT NULL)::int
       FROM (SELECT event_id FROM ${this.table}
             WHERE consumer = $1 AND due_at <= $2 AND (claimed_until IS NULL OR claimed_until <= $2)
             ORDER BY due_at LIMIT $3 FOR UPDATE SKIP LOCKED) AS due
       WHERE d.consumer = $1 AND d.event_id = due.event_id
       RETURNING d.*`,
      [consumer, now, limit, leaseMs],
    );
    return rows
      .map((row) => ({
        consumer: row.consumer,
        eventId: row.event_id,
        eventType: row.event_type,
        key: row.key,
        attempt: row.attempt,
        delivery: row.delivery,
        dueAt: row.due_at,
        reserved: row.reserved,
        claim: row.claimed_by,
      }))
      .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
  }

  /** When the consumer's next delivery comes due (or its next claim expires). */
  async nextDueAt(consumer: string): Promise<Date | undefined> {
    const { rows } = await this.pool.query<{ next: Date | null }>(
      `SELECT min(greatest(due_at, coalesce(claimed_until, due_at))) AS next FROM ${this.table} WHERE consumer = $1`,
      [consumer],
    );
    return rows[0].next ?? undefined;
  }

  /** Keeps a claim while its handler works. */
  async extend(claimed: ClaimedDeferral, leaseMs: number): Promise<void> {
    await this.pool.query(
      `UPDATE ${this.table} SET claimed_until = $4::timestamptz + make_interval(secs => $5::float8 / 1000)
       WHERE consumer = $1 AND event_id = $2 AND claimed_by = $3`,
      [claimed.consumer, claimed.eventId, claimed.claim, this.clock.now(), leaseMs],
    );
  }

  /** The handler failed: the next attempt comes after `delayMs`, and takes a rate-limited start of its own. */
  async retryAfter(claimed: ClaimedDeferral, delayMs: number): Promise<void> {
    await this.pool.query(
      `UPDATE ${this.table}
       SET due_at = $4::timestamptz + make_interval(secs => $5::float8 / 1000), attempt = attempt + 1,
           reserved = false, claimed_by = NULL, claimed_until = NULL
       WHERE consumer = $1 AND event_id = $2 AND claimed_by = $3`,
      [claimed.consumer, claimed.eventId, claimed.claim, this.clock.now(), delayMs],
    );
  }

  /** Handled (or given up on): the row goes. */
  async complete(claimed: ClaimedDeferral): Promise<void> {
    await this.pool.query(`DELETE FROM ${this.table} WHERE consumer = $1 AND event_id = $2 AND claimed_by = $3`, [
      claimed.consumer,
      claimed.eventId,
      claimed.claim,
    ]);
  }

  /** A reservation the delivery missed (it is being handled too late to use it): given back to the key. */
  async releaseStart(claimed: ClaimedDeferral): Promise<void> {
    await withTransaction(this.pool, async (tx) => {
      await this.limiter.release(tx, claimed.key, claimed.dueAt);
      await tx.query(`UPDATE ${this.table} SET reserved = false WHERE consumer = $1 AND event_id = $2 AND claimed_by = $3`, [
        claimed.consumer,
        claimed.eventId,
        claimed.claim,
      ]);
    });
  }

  /** Deferred work per consumer and key, soonest first: part of the waiting report. */
  async state(limit = 100): Promise<DeferredState[]> {
    const { rows } = await this.pool.query(
      `SELECT consumer, key, count(*)::int AS deferred, min(due_at) AS "nextDueAt"
       FROM ${this.table} GROUP BY consumer, key ORDER BY min(due_at) LIMIT $1`,
      [limit],
    );
    return rows;
  }

  private async dueAt(tx: pg.PoolClient, consumer: string, eventId: string): Promise<Date | undefined> {
    const { rows } = await tx.query<{ due_at: Date }>(
      `SELECT due_at FROM ${this.table} WHERE consumer = $1 AND event_id = $2`,
      [consumer, eventId],
    );
    return rows[0]?.due_at;
  }
}

/** The claimed row was taken by another replica meanwhile: roll the reservation back. */
class ClaimLost extends Error {}
