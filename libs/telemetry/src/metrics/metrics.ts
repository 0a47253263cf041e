import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The process's Prometheus metrics. One service runs per process, so one registry per process;
 * libraries record into it, and each service serves it at GET /metrics.
 */
export const registry = new Registry();

export const eventsAppended = new Counter({
  name: 'switchboard_events_appended_total',
  help: 'Events appended to the event store',
  labelNames: ['type'],
  registers: [registry],
});

export const eventsPublished = new Counter({
  name: 'switchboard_events_published_total',
  help: 'Events published to JetStream by the outbox relay',
  labelNames: ['type'],
  registers: [registry],
});

export const eventsConsumed = new Counter({
  name: 'switchboard_events_consumed_total',
  help: 'Events handled by a consumer, by outcome (handled, duplicate)',
  labelNames: ['consumer', 'type', 'outcome'],
  registers: [registry],
});

export const handlerDuration = new Histogram({
  name: 'switchboard_handler_duration_seconds',
  help: 'Time from a handler start to its commit, successful or not, including its wait for a database connection',
  labelNames: ['consumer', 'type'],
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  registers: [registry],
});

/** The part of a handler's time spent waiting for a pooled connection: a pool too small for its handlers shows here. */
export const handlerConnectionWait = new Histogram({
  name: 'switchboard_handler_connection_wait_seconds',
  help: "Time a handler waited for a database connection before its transaction began",
  labelNames: ['consumer'],
  buckets: [0.0005, 0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [registry],
});

export const retriesScheduled = new Counter({
  name: 'switchboard_retries_total',
  help: 'Failed deliveries scheduled for another attempt',
  labelNames: ['consumer', 'type'],
  registers: [registry],
});

export const deadLettersParked = new Counter({
  name: 'switchboard_dead_letters_total',
  help: 'Messages parked in the DLQ, by reason',
  labelNames: ['consumer', 'reason'],
  registers: [registry],
});

/** Webhooks answered 2xx but ignored (unknown channel, wrong token): so the sender stops retrying, and we still see them. */
export const webhooksIgnored = new Counter({
  name: 'switchboard_webhooks_ignored_total',
  help: 'Inbound webhooks acknowledged but ignored, by provider and reason',
  labelNames: ['provider', 'reason'],
  registers: [registry],
});

/** A gauge read when Prometheus scrapes (consumer lag, relay lag, open timers). */
export function scrapedGauge(
  name: string,
  help: string,
  labelNames: string[],
  read: () => Promise<{ labels?: Record<string, string>; value: number }[]>,
): Gauge {
  registry.removeSingleMetric(name);
  return new Gauge({
    name,
    help,
    labelNames,
    registers: [registry],
    async collect() {
      this.reset();
      for (const { labels, value } of await read().catch(() => [])) {
        if (labels) this.set(labels, value);
        else this.set(value);
      }
    },
  });
}
