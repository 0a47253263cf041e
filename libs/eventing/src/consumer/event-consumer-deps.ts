import type { EventRegistry } from '@switchboard/contracts';
import type { DeferredDeliveries, FailedAttempts, KeySemaphore, RateLimiter, ScheduledRetries } from '@switchboard/durable';
import type { JetStreamClient } from 'nats';
import type { DeadLetters } from '../dead-letter/dead-letters.js';
import type { FailureEvents } from '../dead-letter/failure-events.js';
import type { Inbox } from '../inbox/inbox.js';
import type { JetStreamProvisioner } from '../provisioning/jetstream-provisioner.js';

/** What every consumer of a service shares. */
export interface EventConsumerDeps {
  js: JetStreamClient;
  provisioner: JetStreamProvisioner;
  registry: EventRegistry;
  inbox: Inbox;
  deadLetters: DeadLetters;
  failures: FailureEvents;
  rateLimiter: RateLimiter;
  semaphore: KeySemaphore;
  retries: ScheduledRetries;
  attemptLog: FailedAttempts;
  deferrals: DeferredDeliveries;
  namespace: string;
  /** Rejects while PostgreSQL cannot be reached. */
  probeDatabase: () => Promise<void>;
}
