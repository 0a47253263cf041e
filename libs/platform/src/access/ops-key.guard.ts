import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { ServiceConfig } from '../config/service-config.js';
import { admitBearer } from './admit-bearer.js';
import { BearerKeys } from './bearer-keys.js';

/**
 * /ops and /metrics tell what a service waits on, its backlogs and its traffic: on a port that may
 * be public (the gateway's), they answer only `Authorization: Bearer <key>` with one of OPS_KEYS.
 */
@Injectable()
export class OpsKeyGuard implements CanActivate {
  private readonly keys: BearerKeys;

  constructor(config: ServiceConfig) {
    this.keys = new BearerKeys(config.opsKeys);
  }

  canActivate(context: ExecutionContext): boolean {
    admitBearer(context, this.keys, {
      missing: 'send an operator key (OPS_KEYS) as "Authorization: Bearer <key>"',
      unknown: 'the key is not one of OPS_KEYS',
    });
    return true;
  }
}
