import { type DynamicModule, Module, RequestMethod } from '@nestjs/common';
import { context, trace } from '@opentelemetry/api';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream, LoggerOptions } from 'pino';
import { PRETTY_OPTIONS } from './pretty-options.js';
import { REDACT_PATHS, requestForLog, scrubText, scrubValue } from './redaction.js';

export interface LoggingOptions {
  service: string;
  level: string;
  /** Where lines go; stdout unless a test captures them. */
  destination?: DestinationStream;
  /** Human-readable lines (pino-pretty); JSON otherwise. Defaults to "stdout is a terminal". */
  pretty?: boolean;
}

const NEST_TO_PINO: Record<string, string> = { verbose: 'trace', log: 'info' };

/** pino options every service logs with: service name, trace and span ids, nothing secret. */
export function pinoOptions(options: LoggingOptions): LoggerOptions {
  const pretty = options.pretty ?? (!options.destination && process.stdout.isTTY);
  return {
    name: options.service,
    level: NEST_TO_PINO[options.level] ?? options.level,
    base: { service: options.service },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    // pino-http serializes the request after the hook below has run: its URL and query are cleaned here.
    serializers: { req: requestForLog },
    mixin() {
      const span = trace.getSpan(context.active());
      if (!span) return {};
      const { traceId, spanId } = span.spanContext();
      return { traceId, spanId };
    },
    hooks: {
      // Free text and nested values are scrubbed before pino formats them.
      logMethod(args, method) {
        method.apply(
          this,
          args.map((arg) => (typeof arg === 'string' ? scrubText(arg) : scrubValue(arg))) as Parameters<typeof method>,
        );
      },
    },
    ...(pretty && { transport: { target: 'pino-pretty', options: PRETTY_OPTIONS } }),
  };
}

/** Nest's logger replaced by pino, JSON by default, pretty in a terminal. */
@Module({})
export class LoggingModule {
  static forService(options: LoggingOptions): DynamicModule {
    const pino = pinoOptions(options);
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: options.destination ? [pino, options.destination] : pino,
          // Health probes every few seconds would drown everything else.
          exclude: [{ method: RequestMethod.ALL, path: 'health' }],
        }),
      ],
    };
  }
}
