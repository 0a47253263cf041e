import { durableMigrations } from '@switchboard/durable';
import { CreateCalls1732300000000 } from './calls/migrations/1732300000000-create-calls.js';
import { IndexCallsByPhone1732400000000 } from './calls/migrations/1732400000000-index-calls-by-phone.js';
import { CreateNotificationLog1733300000000 } from './notifications/migrations/1733300000000-create-notification-log.js';

/** The telephony schema's tables beyond the event store's, in the order they run. */
export const telephonyMigrations = [...durableMigrations, CreateCalls1732300000000, IndexCallsByPhone1732400000000, CreateNotificationLog1733300000000];
