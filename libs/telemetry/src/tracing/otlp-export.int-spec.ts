import { trace } from '@opentelemetry/api';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { startTracing } from './start-tracing.js';

interface ExportedSpan {
  name: string;
  traceId: string;
  attributes: { key: string; value: { stringValue?: string } }[];
}
interface Export {
  resourceSpans: {
    resource: { attributes: { key: string; value: { stringValue?: string } }[] };
    scopeSpans: { spans: ExportedSpan[] }[];
  }[];
}

// A stand-in for Jaeger's OTLP/HTTP endpoint: records what it is sent.
const received: { path: string; type: string; body: Export }[] = [];
const receiver = createServer((request: IncomingMessage, response) => {
  let body = '';
  request.on('data', (chunk) => (body += chunk));
  request.on('end', () => {
    received.push({ path: request.url ?? '', type: request.headers['content-type'] ?? '', body: JSON.parse(body) });
    response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
});
afterAll(() => new Promise((resolve) => receiver.close(resolve)));

describe('OTLP export', () => {
  it('is off without an endpoint', () => {
    expect(startTracing({ service: 'quiet' })).toBeUndefined();
  });

  it('sends finished spans to OTEL_EXPORTER_OTLP_ENDPOINT/v1/traces, named after the service', async () => {
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const { port } = receiver.address() as AddressInfo;
    const sdk = startTracing({ service: 'claims', endpoint: `http://127.0.0.1:${port}` })!;
    const span = trace.getTracer('test').startSpan('process telephony.call.completed.v1', {
      attributes: { 'messaging.system': 'nats' },
    });
    span.end();
    await sdk.shutdown(); // flushes the batch

    expect(received.map((r) => r.path)).toContain('/v1/traces');
    const [{ body, type }] = received;
    expect(type).toContain('application/json');
    const resource = body.resourceSpans[0].resource.attributes.find((a) => a.key === 'service.name');
    expect(resource?.value.stringValue).toBe('claims');
    const exported = body.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans));
    expect(exported.map((s) => s.name)).toContain('process telephony.call.completed.v1');
    expect(exported[0].traceId).toBe(span.spanContext().traceId);
  });
});
