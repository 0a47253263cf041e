import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { CONTENT_SECURITY_POLICY } from '@switchboard/platform';
import helmet from 'helmet';
import type { Server } from 'node:http';
import type { GatewayConfig } from '../gateway.config.js';
import { answerClientErrors, assertUtf8, refuseBeforeReading, refuseUnstorable } from './edge/request-edge.js';
import { originFormTargets } from './edge/request-target.js';
import { shedOverload } from './limits/shed-overload.js';

/** The public API's routes; webhooks, /health, /metrics and /ops are not for API clients. */
const PUBLIC = /^\/v1\//;

/**
 * body-parser options with its `verify` hook set to the UTF-8 check. Nest's types leave `verify`
 * out because its rawBody option would replace it; that option is off here, so the hook stays.
 */
const checkingUtf8 = <T extends object>(options: T): T => ({ ...options, verify: assertUtf8 });

/**
 * The edge every request passes (limits checked before a body is read, bodies parsed then checked
 * for what must not go further: docs/adr/0010-the-gateway-edge.md) and API documentation: the
 * OpenAPI document of the /v1 API at /docs-json, browsable at /docs. The document is built on its
 * first request, so it does not slow the gateway's start.
 */
export function configureHttp(app: INestApplication, config: GatewayConfig): void {
  const express = app as NestExpressApplication;
  const server = app.getHttpServer() as Server;
  answerClientErrors(server);
  originFormTargets(server);
  express.use(shedOverload(server, { maxInFlight: config.MAX_IN_FLIGHT, maxEventLoopDelayMs: config.MAX_EVENT_LOOP_DELAY_MS }));
  express.use(
    refuseBeforeReading({
      maxBodyBytes: config.MAX_BODY_BYTES,
      timeoutMs: config.REQUEST_TIMEOUT_MS,
      uploads: [
        { path: /^\/v1\/scoring\/jobs\/?$/, maxBytes: config.SCORING_MAX_FILE_BYTES, limitName: 'SCORING_MAX_FILE_BYTES' },
        // The multipart envelope around the file is allowed a little room above the file's own limit.
        {
          path: /^\/v1\/videos\/upload\/?$/,
          maxBytes: config.VIDEO_MAX_UPLOAD_BYTES + 64 * 1024,
          limitName: 'VIDEO_MAX_UPLOAD_BYTES',
          timeoutMs: config.VIDEO_UPLOAD_TIMEOUT_MS,
          contentType: 'multipart/form-data',
        },
      ],
    }),
  );
  // Registered before Nest's own parsers, which then stand aside. Forms are flat, as Twilio's are:
  // no `a[b]=c` objects for a signature check or a DTO to meet.
  express.useBodyParser('json', checkingUtf8({ limit: config.MAX_BODY_BYTES }));
  express.useBodyParser('urlencoded', checkingUtf8({ limit: config.MAX_BODY_BYTES, extended: false }));
  express.use(refuseUnstorable);

  const info = new DocumentBuilder()
    .setTitle('Switchboard API')
    .setDescription('Send `Authorization: Bearer <API key>`. A POST with an `Idempotency-Key` header runs at most once per key.')
    .setVersion('1')
    .addBearerAuth()
    .build();
  const document = (): OpenAPIObject => {
    const built = SwaggerModule.createDocument(app, info);
    return { ...built, paths: Object.fromEntries(Object.entries(built.paths).filter(([path]) => PUBLIC.test(path))) };
  };
  // Swagger UI's page carries inline <style> blocks: its CSP alone allows inline styles (never scripts).
  express.use('/docs', helmet.contentSecurityPolicy({ useDefaults: false, directives: { ...CONTENT_SECURITY_POLICY, styleSrc: ["'self'", "'unsafe-inline'"] } }));
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json', raw: ['json'] });
}
