import 'reflect-metadata';
import { Controller, Module } from '@nestjs/common';
import { OnCommand, OnEvent } from '@switchboard/eventing';
import { describe, expect, it } from 'vitest';
import { declaredConcurrency, handlerPoolSize, POOL_CAP, POOL_FLOOR } from './pool-size.js';

@Controller()
class Dialer {
  @OnEvent('telephony.call.dial-requested.v1', { durable: 'dialer', concurrency: 16 })
  dial() {}

  @OnEvent('telephony.call.queued.v1', { durable: 'queue' })
  queue() {}

  @OnCommand('telephony.call.get')
  get() {}
}

@Controller()
class Callbacks {
  @OnEvent('gateway.webhook.received.v1', { durable: 'callbacks', concurrency: 3 })
  callback() {}
}

@Module({ controllers: [Callbacks] })
class CallbacksModule {}

@Module({ imports: [CallbacksModule, { module: CallbacksModule }], controllers: [Dialer] })
class ServiceModule {}

describe('pool size from declared concurrency', () => {
  it('adds every @OnEvent handler of the module tree (default 8), once per module, ignoring commands', () => {
    expect(declaredConcurrency(ServiceModule)).toBe(16 + 8 + 3);
  });

  it('is the declared concurrency plus headroom, between floor and cap, unless overridden', () => {
    expect(handlerPoolSize(0)).toBe(POOL_FLOOR);
    expect(handlerPoolSize(6)).toBe(10);
    expect(handlerPoolSize(1_032)).toBe(POOL_CAP);
    expect(handlerPoolSize(1_032, 50)).toBe(50);
  });
});
