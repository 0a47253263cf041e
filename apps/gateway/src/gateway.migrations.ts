import { durableMigrations } from '@switchboard/durable';
import { CreateIdempotencyKeys1732290000000 } from './http/migrations/1732290000000-create-idempotency-keys.js';
import { CreateConsoleReadModel1764860000000 } from './console/migrations/1764860000000-create-console-read-model.js';
import { CreateApiRateLimits1764900000000 } from './http/migrations/1764900000000-create-api-rate-limits.js';

/** The gateway schema's tables beyond the event store's, in the order they run. */
export const gatewayMigrations = [...durableMigrations, CreateIdempotencyKeys1732290000000, CreateConsoleReadModel1764860000000, CreateApiRateLimits1764900000000];
