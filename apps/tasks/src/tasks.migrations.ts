import { durableMigrations } from '@switchboard/durable';

/** The tasks schema's tables beyond the event store's, in the order they run. */
export const tasksMigrations = [...durableMigrations];
