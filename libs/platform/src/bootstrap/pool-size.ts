import type { DynamicModule, Type } from '@nestjs/common';
import type { EventHandlerOptions } from '@switchboard/eventing';
import { PATTERN_EXTRAS_METADATA, PATTERN_HANDLER_METADATA } from '@nestjs/microservices/constants.js';
import { PatternHandler } from '@nestjs/microservices/enums/pattern-handler.enum.js';

/** What a consumer runs at once when its handler declares nothing (EventConsumer's default). */
const DEFAULT_CONSUMER_CONCURRENCY = 8;
/** Connections beside the handlers': HTTP queries, commands, flow-control decisions, /health. */
const HEADROOM = 4;
/**
 * The most one service takes, however much its handlers declare: six services share one
 * PostgreSQL (100 connections by default), each with this pool, the relay's 2, the background 2
 * and the relay leader's 1: 3 x 16 + 3 x 5 + 6 x 5 = 93. Handlers hold a connection only inside
 * their transaction, so a consumer declaring more than the cap waits for the pool before it starts.
 */
export const POOL_CAP = 16;
/** The least: HTTP queries and commands of a service that declares no consumers still need some. */
export const POOL_FLOOR = 5;

/** Sum of the `concurrency` declared by every `@OnEvent` handler of the module and its imports. */
export function declaredConcurrency(root: Type<unknown> | DynamicModule): number {
  const seen = new Set<unknown>();
  let total = 0;
  const visit = (entry: Type<unknown> | DynamicModule | undefined) => {
    if (!entry) return;
    // A module counts once, however many times (or forms, class or dynamic) it is imported.
    const module = 'module' in entry ? entry.module : entry;
    if (seen.has(module)) return;
    seen.add(module);
    const controllers: Type<unknown>[] = [
      ...(Reflect.getMetadata('controllers', module) ?? []),
      ...('module' in entry ? (entry.controllers ?? []) : []),
    ];
    for (const controller of controllers) total += concurrencyOf(controller);
    for (const imported of [...(Reflect.getMetadata('imports', module) ?? []), ...('module' in entry ? (entry.imports ?? []) : [])]) {
      visit(imported as Type<unknown> | DynamicModule);
    }
  };
  visit(root);
  return total;
}

function concurrencyOf(controller: Type<unknown>): number {
  let total = 0;
  for (const name of Object.getOwnPropertyNames(controller.prototype)) {
    const method = Object.getOwnPropertyDescriptor(controller.prototype, name)?.value;
    if (typeof method !== 'function' || Reflect.getMetadata(PATTERN_HANDLER_METADATA, method) !== PatternHandler.EVENT) continue;
    const options = Reflect.getMetadata(PATTERN_EXTRAS_METADATA, method) as EventHandlerOptions | undefined;
    total += options?.concurrency ?? DEFAULT_CONSUMER_CONCURRENCY;
  }
  return total;
}

/** The handlers' pool: what they can use at once plus headroom, between floor and cap; `DATABASE_POOL_MAX` overrides. */
export function handlerPoolSize(concurrency: number, override?: number): number {
  return override ?? Math.max(POOL_FLOOR, Math.min(POOL_CAP, concurrency + HEADROOM));
}
