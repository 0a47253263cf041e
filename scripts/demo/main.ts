import { runDemo, printSummary } from './run-demo.js';

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
  printSummary(await runDemo({ gatewayUrl, apiKey, simulatorUrl }));
} catch (error) {
  console.error(`demo failed: ${(error as Error).message}`);
  process.exit(1);
}
