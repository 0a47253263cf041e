import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { ProviderSimulator, type Scenario } from './provider-simulator.js';
import { SmtpSink } from './smtp/smtp-sink.js';

/** The simulator as its own process (SIMULATOR_PORT, SIMULATOR_SMTP_PORT, SIMULATOR_SCENARIO), until SIGINT or SIGTERM. */
export async function serveSimulator(env = process.env): Promise<void> {
  const simulator = await ProviderSimulator.start({ port: Number(env.SIMULATOR_PORT ?? 4010) });
  if (env.SIMULATOR_SCENARIO) {
    simulator.loadScenario(JSON.parse(await readFile(env.SIMULATOR_SCENARIO, 'utf8')) as Scenario);
  }
  const smtp = new SmtpSink();
  const smtpPort = await smtp.start(Number(env.SIMULATOR_SMTP_PORT ?? 2525));
  console.log(`provider simulator on ${simulator.baseUrl} (Twilio, OpenAI at /openai/v1, Anthropic at /anthropic, Perplexity at /perplexity, Google Calendar), SMTP sink on 127.0.0.1:${smtpPort}`);
  console.log(`Twilio account ${simulator.twilioAccount.accountSid}; admin API at ${simulator.baseUrl}/__admin`);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void Promise.all([simulator.stop(), smtp.stop()]).then(() => process.exit(0)));
  }
}

// `npm start` and the compose file run this file itself; `npm run simulator` runs scripts/simulator.ts, which reads --help first.
if (import.meta.url === pathToFileURL(process.argv[1]).href) await serveSimulator();
