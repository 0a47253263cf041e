import 'reflect-metadata';
import { startTracing } from '@switchboard/telemetry';

// Tracing starts before Nest and the libraries it instruments are loaded, hence the imports below.
startTracing({ service: 'telephony', endpoint: process.env.OTEL_EXPORTER_OTLP_ENDPOINT });
const { runService } = await import('@switchboard/platform');
const { telephonyApp } = await import('./telephony.app.js');
await runService(telephonyApp);
