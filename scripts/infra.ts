import { ensureInfrastructure, InfrastructureError } from './infra/ensure-infrastructure.js';

try {
  await ensureInfrastructure();
} catch (error) {
  console.error(error instanceof InfrastructureError ? error.message : error);
  process.exit(1);
}
