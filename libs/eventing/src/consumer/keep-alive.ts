import type { JsMsg } from 'nats';

/**
 * Progress acks for a message from the moment it is in hand until its outcome: while it waits
 * for its aggregate's turn, for flow control, for the inbox lock, and while the handler runs.
 * A message in hand that went quiet would be redelivered and could run beside itself.
 */
export class KeepAlive {
  private readonly renewals = new Set<() => Promise<void>>();
  private readonly timer: NodeJS.Timeout;

  constructor(message: JsMsg, ackWaitMs: number, onRenewError: (error: unknown) => void) {
    this.timer = setInterval(() => {
      message.working();
      for (const renew of this.renewals) void renew().catch(onRenewError);
    }, ackWaitMs / 3);
  }

  /** Renews something else with the same heartbeat (a concurrency lease lasts one ack wait). */
  alsoRenew(renew: () => Promise<void>): void {
    this.renewals.add(renew);
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
