export { PostgresModule, type PostgresOptions } from './database/postgres.module.js';
