import type { Logger } from '@nestjs/common';
import { WakeableSleep } from '@switchboard/durable';
import { databaseUnavailable } from '@switchboard/event-store';

export interface OutageTimings {
  /** The first probe after an outage began, doubled after each probe that fails... */
  firstProbeMs: number;
  /** ...up to this: the longest an outage outlasts the database's return. */
  maxProbeMs: number;
}

const DEFAULT_TIMINGS: OutageTimings = { firstProbeMs: 1_000, maxProbeMs: 5_000 };

interface Outage {
  since: number;
  error: string;
  over: Promise<void>;
}

/**
 * PostgreSQL not answering, as one consumer sees it. A delivery that failed because of it is not
 * one of the handler's attempts, and while it lasts the consumer pulls nothing: each delivery it
 * took would fail again and use up one of JetStream's max_deliver, parking work because the
 * database was down. A failure that looks like it (`databaseUnavailable`) starts an outage only if
 * the database then fails a probe too: a provider's refused connection is the handler's failure,
 * and so is a connection the database ended while it goes on answering.
 */
export class DatabaseOutage {
  private outage?: Outage;
  private probing?: Promise<boolean>;
  private readonly sleep = new WakeableSleep();

  constructor(
    private readonly probe: () => Promise<void>,
    private readonly logger: Logger,
    private readonly timings = DEFAULT_TIMINGS,
  ) {}

  get active(): boolean {
    return this.outage !== undefined;
  }

  /** Why the consumer does not pull, during an outage (for /health). */
  get reason(): string | undefined {
    return this.outage && `waiting for PostgreSQL since ${new Date(this.outage.since).toISOString()}: ${this.outage.error}`;
  }

  /** Whether `error` is the database being unavailable; the outage begins with the first that is. */
  async explains(error: unknown): Promise<boolean> {
    if (!databaseUnavailable(error)) return false;
    if (this.outage) return true;
    // Failures of the deliveries in hand come together: one probe answers them all.
    this.probing ??= this.probe()
      .then(
        () => false,
        (probeError) => this.begin(probeError),
      )
      .finally(() => (this.probing = undefined));
    return this.probing;
  }

  /** Settles once the database answers again (at once outside an outage), or on stop. */
  passed(): Promise<void> {
    return this.outage?.over ?? Promise.resolve();
  }

  stop(): void {
    this.sleep.stop();
  }

  private begin(error: unknown): true {
    if (this.outage) return true;
    this.logger.warn(`PostgreSQL does not answer (${String(error)}): not pulling until it does`);
    const outage: Outage = { since: Date.now(), error: String(error), over: Promise.resolve() };
    this.outage = outage;
    outage.over = this.waitForDatabase(outage);
    return true;
  }

  private async waitForDatabase(outage: Outage): Promise<void> {
    for (let delay = this.timings.firstProbeMs; !this.sleep.stopped; delay = Math.min(delay * 2, this.timings.maxProbeMs)) {
      await this.sleep.sleep(delay);
      if (this.sleep.stopped) break;
      try {
        await this.probe();
        this.logger.log(`PostgreSQL answers again after ${Math.round((Date.now() - outage.since) / 1_000)} s: pulling again`);
        break;
      } catch (error) {
        outage.error = String(error);
      }
    }
    this.outage = undefined;
  }
}
