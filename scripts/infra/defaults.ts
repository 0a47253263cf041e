/** Defaults shared by `npm start`, `npm test` and the services' config. */
export const DEFAULT_NATS_URL = 'nats://127.0.0.1:4222';
export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/switchboard';

export const natsUrl = (env = process.env) => env.NATS_URL || DEFAULT_NATS_URL;
export const databaseUrl = (env = process.env) => env.DATABASE_URL || DEFAULT_DATABASE_URL;

export class InfrastructureError extends Error {
  override name = 'InfrastructureError';
}
