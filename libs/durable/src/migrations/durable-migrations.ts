import { CreateTimers1732270000000 } from './1732270000000-create-timers.js';
import { CreateFlowControl1732280000000 } from './1732280000000-create-flow-control.js';
import { AddTimerTrace1732330000000 } from './1732330000000-add-timer-trace.js';
import { CreateDeferredDeliveries1732340000000 } from './1732340000000-create-deferred-deliveries.js';
import { ParkTimers1732420000000 } from './1732420000000-park-timers.js';
import { IndexRateLimitAge1732421000000 } from './1732421000000-index-rate-limit-age.js';
import { AddTimerMaxWait1764870000000 } from './1764870000000-add-timer-max-wait.js';
import { CreateFailedAttempts1764870100000 } from './1764870100000-create-failed-attempts.js';
import { CreateRateLimitFunction1764870200000 } from './1764870200000-create-rate-limit-function.js';

/** Tables of the durable primitives, run by every service after the event store's. */
export const durableMigrations = [
  CreateTimers1732270000000,
  CreateFlowControl1732280000000,
  AddTimerTrace1732330000000,
  CreateDeferredDeliveries1732340000000,
  ParkTimers1732420000000,
  IndexRateLimitAge1732421000000,
  AddTimerMaxWait1764870000000,
  CreateFailedAttempts1764870100000,
  CreateRateLimitFunction1764870200000,
];
