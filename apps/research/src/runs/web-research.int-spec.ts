import { RateLimiter } from '@switchboard/durable';
import { runMigrations } from '@switchboard/event-store';
import { loadConfig } from '@switchboard/platform';
import { PerplexityResearch } from '@switchboard/providers';
import { ProviderSimulator, SIMULATOR_PERPLEXITY_KEY, TEST_DATABASE_URL, TestNamespace } from '@switchboard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ResearchConfig } from '../research.config.js';
import { researchMigrations } from '../research.migrations.js';
import { type Sleep, WEB_RESEARCH_RETRY, WebResearch } from './web-research.js';

const ns = new TestNamespace();
const schema = ns.schema('research');
let simulator: ProviderSimulator;

/** The injectable clock: records each wait and lets it pass at once. */
const recordingSleep = () => {
  const waits: number[] = [];
  const sleep: Sleep = async (ms) => void waits.push(ms);
  return { waits, sleep };
};

const webResearch = (sleep: Sleep, env: Record<string, string> = {}) =>
  new WebResearch(
    new PerplexityResearch({ apiKey: SIMULATOR_PERPLEXITY_KEY, baseUrl: simulator.perplexityBaseUrl }),
    new RateLimiter(ns.pool, schema),
    loadConfig(ResearchConfig, { ...ns.env(), ...env }),
    sleep,
  );

beforeAll(async () => {
  await runMigrations({ url: TEST_DATABASE_URL, schema, migrations: researchMigrations });
  simulator = await ProviderSimulator.start({ port: 0 });
  simulator.chats.scripts.push(
    { whenPromptContains: 'nobody', reply: '' },
    { whenPromptContains: 'prolific', reply: 'Much.', citations: [`https://x.example/${'a'.repeat(600)}`, ...Array.from({ length: 20 }, (_, i) => `https://x.example/${i}`), 'javascript:alert(1)'] },
    { whenPromptContains: 'Research', reply: 'Ada runs operations at Acme.', citations: ['https://acme.com/team', 'https://news.example/ada'] },
  );
});
afterAll(async () => {
  await simulator?.stop();
  await ns.dispose();
});

describe('web research flow control', () => {
  it('a 429 from Perplexity waits 60 s, then the answer is taken', async () => {
    const { waits, sleep } = recordingSleep();
    simulator.state.setFault('perplexity.chat', { status: 429, retryAfterSeconds: 5, times: 1 });
    const finding = await webResearch(sleep).find('Research Ada at acme.com', new AbortController().signal);
    expect(waits).toEqual([WEB_RESEARCH_RETRY.rateLimitedWaitMs]);
    expect(waits[0]).toBe(60_000);
    expect(finding).toMatchObject({ citations: ['https://acme.com/team', 'https://news.example/ada'], confidence: 'HIGH' });
  });

  it('server errors are retried three times after 1 s, 2 s and 4 s, then the error is the caller’s', async () => {
    const { waits, sleep } = recordingSleep();
    simulator.state.setFault('perplexity.chat', { status: 503, times: 4 });
    await expect(webResearch(sleep).find('Research Ada at acme.com', new AbortController().signal)).rejects.toThrow(/503/);
    expect(waits).toEqual([1_000, 2_000, 4_000]);
  });

  it('no data is a finding of LOW confidence, not a failure', async () => {
    const finding = await webResearch(recordingSleep().sleep).find('Research nobody at nowhere.example', new AbortController().signal);
    expect(finding.confidence).toBe('LOW');
  });

  it('keeps at most 8 cited http(s) URLs of at most 500 characters, so a brief and its sources stay bounded', async () => {
    const finding = await webResearch(recordingSleep().sleep).find('Research prolific at x.example', new AbortController().signal);
    expect(finding.citations).toEqual(Array.from({ length: 8 }, (_, i) => `https://x.example/${i}`));
  });

  it('the rate limit is shared by every instance: the third start in the window waits', async () => {
    const { waits, sleep } = recordingSleep();
    const env = { PERPLEXITY_RATE_LIMIT: '2', PERPLEXITY_RATE_WINDOW_MS: '600000' };
    await ns.pool.query(`DELETE FROM "${schema}".rate_limit_starts`); // the starts of the tests above
    const [one, two] = [webResearch(sleep, env), webResearch(sleep, env)];
    const signal = new AbortController().signal;
    await Promise.all([one.find('Research A at a.com', signal), two.find('Research B at b.com', signal)]);
    expect(waits).toEqual([]);
    // A wait that is cut short, as a run's deadline would: the third start was made to wait for the window.
    const stopAtFirstWait: Sleep = async (ms) => {
      waits.push(ms);
      throw new Error('deadline');
    };
    await expect(webResearch(stopAtFirstWait, env).find('Research C at c.com', new AbortController().signal)).rejects.toThrow('deadline');
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThan(500_000);
  });
});
