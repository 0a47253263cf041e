import 'reflect-metadata';
import { startTracing } from '@switchboard/telemetry';

// Tracing starts before Nest and the libraries it instruments are loaded, hence the imports below.
startTracing({ service: 'tasks', endpoint: process.env.OTEL_EXPORTER_OTLP_ENDPOINT });
const { runService } = await import('@switchboard/platform');
const { tasksApp } = await import('./tasks.app.js');
await runService(tasksApp);
