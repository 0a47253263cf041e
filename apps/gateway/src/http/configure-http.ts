import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { GatewayConfig } from '../gateway.config.js';

/** The public API's routes; webhooks, /health, /metrics and /ops are not for API clients. */
const PUBLIC = /^\/v1\//;

/**
 * Body limits and API documentation: the OpenAPI document of the /v1 API at /docs-json, browsable
 * at /docs. The document is built on its first request, so it does not slow the gateway's start.
 */
export function configureHttp(app: INestApplication, config: GatewayConfig): void {
  const express = app as NestExpressApplication;
  // Registered before Nest's own parsers, which then stand aside; urlencoded stays extended, as Nest's is.
  express.useBodyParser('json', { limit: config.MAX_BODY_BYTES });
  express.useBodyParser('urlencoded', { limit: config.MAX_BODY_BYTES, extended: true });

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
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json', raw: ['json'] });
}
