export { type Decider, handleCommand, type HandleCommandOptions } from './aggregate/decider.js';
export { DeciderSpecification } from './aggregate/decider-specification.js';
export { PostgresModule, type PostgresOptions } from './database/postgres.module.js';
export { eventStoreMigrations, runMigrations, type RunMigrationsOptions } from './migrations/run-migrations.js';
export { schemaName } from './migrations/schema-name.js';
export { type Projection, ProjectionRunner } from './projection/projection-runner.js';
export { type Checkpoint, CheckpointStore, START } from './store/checkpoint.js';
export { type AppendOptions, type AppendResult, EventStore } from './store/event-store.js';
export { type ExpectedVersion, WrongExpectedVersionError } from './store/store-errors.js';
