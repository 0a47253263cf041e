import { durableMigrations } from '@switchboard/durable';

/** The research schema's tables beyond the event store's, in the order they run. */
export const researchMigrations = [...durableMigrations];
