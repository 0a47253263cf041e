import type { NodeSDK } from '@opentelemetry/sdk-node';
import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { createRequire } from 'node:module';
import { enableMessagingSpans } from './message-tracing.js';

// The SDK packages are CommonJS, so requiring them loads the very modules an import would; and
// synchronously, since tracing must start before Nest loads.
const require = createRequire(import.meta.url);

export interface TracingOptions {
  service: string;
  /** OTLP/HTTP base URL (Jaeger all-in-one: http://localhost:4318); tracing is off without it. */
  endpoint?: string;
  /** Instead of exporting (tests): where finished spans go. */
  spanProcessors?: SpanProcessor[];
}

/**
 * Starts the OpenTelemetry SDK before Nest loads, or does nothing at all when no endpoint is set:
 * then the API's no-op tracer is used and tracing costs nothing measurable.
 */
export function startTracing(options: TracingOptions): NodeSDK | undefined {
  if (!options.endpoint && !options.spanProcessors) return undefined;
  // Loaded only when tracing is on: a service without an endpoint never holds the SDK, its
  // exporters and instrumentations (~25 MB resident).
  const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-http') as typeof import('@opentelemetry/exporter-trace-otlp-http');
  const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http') as typeof import('@opentelemetry/instrumentation-http');
  const { PgInstrumentation } = require('@opentelemetry/instrumentation-pg') as typeof import('@opentelemetry/instrumentation-pg');
  const { UndiciInstrumentation } = require('@opentelemetry/instrumentation-undici') as typeof import('@opentelemetry/instrumentation-undici');
  const { NodeSDK } = require('@opentelemetry/sdk-node') as typeof import('@opentelemetry/sdk-node');
  const sdk = new NodeSDK({
    serviceName: options.service,
    ...(options.spanProcessors
      ? { spanProcessors: options.spanProcessors }
      : { traceExporter: new OTLPTraceExporter({ url: `${options.endpoint!.replace(/\/$/, '')}/v1/traces` }) }),
    instrumentations: [
      new HttpInstrumentation({ ignoreIncomingRequestHook: (request) => /\/(health|metrics)/.test(request.url ?? '') }),
      new PgInstrumentation({ requireParentSpan: true }),
      new UndiciInstrumentation(),
    ],
  });
  sdk.start();
  enableMessagingSpans();
  return sdk;
}
