import type { INestApplication } from '@nestjs/common';
import helmet from 'helmet';
import type { ServiceConfig } from '../config/service-config.js';

/**
 * The Content-Security-Policy of every response: only this origin's own scripts, styles, images
 * and connections, nothing inline, no plugins, never framed. The ops console is built for it (it
 * builds its DOM with createElement, ADR 0015); a JSON answer opened in a browser runs nothing.
 * No `upgrade-insecure-requests`: TLS ends in front of the gateway, and a plain-HTTP local run
 * would lose its own page's script.
 */
export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  baseUri: ["'none'"],
  connectSrc: ["'self'"],
  fontSrc: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  imgSrc: ["'self'", 'data:'],
  objectSrc: ["'none'"],
  scriptSrc: ["'self'"],
  scriptSrcAttr: ["'none'"],
  styleSrc: ["'self'"],
} as const;

/**
 * Security headers on every response of a service (helmet: CSP, HSTS, nosniff, frame and referrer
 * policies, no X-Powered-By), and CORS only for the origins CORS_ORIGINS lists: unset, no
 * Access-Control-* header is ever sent, so a browser keeps other sites' pages out.
 */
export function secureHttp(app: INestApplication, config: ServiceConfig): void {
  app.use(helmet({ contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY } }));
  const origins = config.corsOrigins;
  if (origins.length === 0) return;
  app.enableCors({
    origin: origins,
    allowedHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'traceparent', 'tracestate'],
    exposedHeaders: ['Location', 'Retry-After', 'Idempotent-Replayed'],
    maxAge: 600,
  });
}
