// Not the platform's index, which loads Nest: `npm start`'s supervisor imports this (see system-processes.ts).
import { portVariable, SERVICE_NAMES, SERVICE_PORTS, type ServiceName } from '../../libs/platform/src/services.js';

export const servicePort = (name: ServiceName, env = process.env): number =>
  Number(env[portVariable(name)] || SERVICE_PORTS[name]);

export const healthUrl = (name: ServiceName, env = process.env): string =>
  `http://127.0.0.1:${servicePort(name, env)}/health`;

/** Without real provider keys, the provider simulator stands in for Twilio, OpenAI and the rest. */
export const usesSimulator = (env = process.env): boolean => !env.TWILIO_ACCOUNT_SID;

/** Resolves once every service's /health answers 200; rejects with the last answers after the timeout. */
export async function waitUntilHealthy(env = process.env, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: Record<string, string> = {};
  while (Date.now() < deadline) {
    const answers = await Promise.all(SERVICE_NAMES.map((name) => probe(healthUrl(name, env))));
    last = Object.fromEntries(SERVICE_NAMES.map((name, i) => [name, answers[i]]));
    if (answers.every((answer) => answer === 'up')) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`services not healthy after ${timeoutMs / 1000} s: ${JSON.stringify(last)}`);
}

async function probe(url: string): Promise<string> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(3_000) });
    return response.ok ? 'up' : `HTTP ${response.status}`;
  } catch (error) {
    return `unreachable (${(error as Error).cause ?? (error as Error).message})`;
  }
}
