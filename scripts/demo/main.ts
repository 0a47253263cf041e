import { cli, exitWithUsageError } from '../cli/cli-args.js';
import { DEMOS } from './demos.js';

const spec = {
  command: 'npm run demo --',
  summary: 'Runs one workflow through the REST API, followed live to its end. Needs npm start running.',
  arguments: ['[<demo>]'],
  options: {},
  notes: [
    'demos (default call-research):',
    ...Object.entries(DEMOS).map(([name, demo]) => `  ${name.padEnd(14)}${demo.summary}`),
    '',
    'environment, as for npm start: GATEWAY_PORT, SWITCHBOARD_API_KEY (else the first of API_KEYS), SIMULATOR_PORT, TWILIO_ACCOUNT_SID',
  ],
};
const { positionals } = cli(spec);
const name = positionals[0] ?? Object.keys(DEMOS)[0];
const demo = DEMOS[name];
if (!demo) exitWithUsageError(spec, `no demo '${name}': ${Object.keys(DEMOS).join(', ')}`);

// Same variables as `npm start`, so the demo finds what it started.
const gatewayUrl = `http://127.0.0.1:${process.env.GATEWAY_PORT || 3000}`;
const apiKey = process.env.SWITCHBOARD_API_KEY ?? (process.env.API_KEYS ?? 'sk-switchboard-dev').split(',')[0].trim();
const simulatorUrl = process.env.TWILIO_ACCOUNT_SID ? undefined : `http://127.0.0.1:${process.env.SIMULATOR_PORT || 4010}`;

try {
  await fetch(`${gatewayUrl}/health`, { signal: AbortSignal.timeout(3_000) });
} catch {
  console.error(`No gateway at ${gatewayUrl}: start the system first with \`npm start\` (in another terminal).`);
  process.exit(1);
}
try {
  await demo.run({ gatewayUrl, apiKey, simulatorUrl });
} catch (error) {
  console.error(`demo failed: ${(error as Error).message}`);
  process.exit(1);
}
