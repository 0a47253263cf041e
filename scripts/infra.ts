import { cli } from './cli/cli-args.js';

const { values } = cli({
  command: 'npm run infra',
  summary:
    'Makes sure NATS (with JetStream) and PostgreSQL answer, creating the database if it is missing: servers that\n' +
    'already run, else the local nats-server / PostgreSQL binaries (data in .data/), else docker compose;\n' +
    'and the Debian packages the system uses (ffmpeg), installed with apt-get when missing and run as root.',
  options: { tests: { type: 'boolean', description: "also what the tests need (chromium, for the console's browser tests); npm test passes it" } },
  notes: ['environment: NATS_URL, DATABASE_URL'],
});

const { ensureInfrastructure, InfrastructureError } = await import('./infra/ensure-infrastructure.js');
try {
  await ensureInfrastructure(process.env, { forTests: values.tests });
} catch (error) {
  console.error(error instanceof InfrastructureError ? error.message : error);
  process.exit(1);
}
