export { LoggingModule, type LoggingOptions, pinoOptions } from './logging/logging.module.js';
export { maskPhone, scrubText } from './logging/redaction.js';
export {
  deadLettersParked,
  eventsAppended,
  eventsConsumed,
  eventsPublished,
  handlerConnectionWait,
  handlerDuration,
  registry as metricsRegistry,
  retriesScheduled,
  scrapedGauge,
  webhooksIgnored,
} from './metrics/metrics.js';
export { startTracing, type TracingOptions } from './tracing/start-tracing.js';
export {
  contextFrom,
  currentTraceContext,
  inMessagingSpan,
  type MessagingSpan,
  type TraceCarrier,
} from './tracing/message-tracing.js';
