import { DEAD_LETTER_HEADERS, names } from '@switchboard/eventing';
import { headers as natsHeaders, type NatsConnection } from 'nats';
import { mkdirSync } from 'node:fs';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoResult, runDemo } from '../scripts/demo/run-demo.js';
import { SystemUnderTest, TEST_API_KEY } from '../scripts/system/system-under-test.js';

const OPS_KEY = 'sk-e2e-operator';
const SCREENSHOTS = 'docs/console';
let system: SystemUnderTest;
let browser: Browser;
let nats: NatsConnection;
let demo: Promise<DemoResult>;

beforeAll(async () => {
  system = await SystemUnderTest.start({ OPS_KEYS: OPS_KEY, DIAL_RATE_WINDOW_MS: '5000', JAEGER_URL: 'http://jaeger.test:16686' });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  nats = await system.ns.natsConnection();
  mkdirSync(SCREENSHOTS, { recursive: true });
  demo = runDemo({ gatewayUrl: system.gateway.baseUrl, apiKey: TEST_API_KEY, simulatorUrl: system.simulator.baseUrl, phonePrefix: '+1555031', log: () => undefined, timeoutMs: 150_000 });
  demo.catch(() => undefined);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await system?.stop();
}, 60_000);

async function signIn(key: string): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1366, height: 900 } })).newPage();
  await page.goto(`${system.gateway.baseUrl}/console`);
  await page.getByLabel('API key or operator key').fill(key);
  await page.getByRole('button', { name: 'Open the console' }).press('Enter');
  await page.getByRole('heading', { name: 'Runs', exact: true }).waitFor();
  return page;
}

const shot = (page: Page, name: string) => page.screenshot({ path: `${SCREENSHOTS}/${name}.png`, fullPage: false });

/** Parks a copy of one of the run's events as `consumer` parks what it gave up on (libs/eventing DeadLetters). */
async function poison(runId: string, type: string, consumer: string): Promise<number> {
  const [event] = await system.gateway.ok<Record<string, unknown>[]>('GET', `/v1/console/events?run=${runId}&type=${type}&limit=1`);
  const envelope = { id: event.eventId, type: event.type, version: event.version, streamId: event.streamId, streamPosition: event.streamPosition, occurredAt: event.occurredAt, correlationId: runId, causationId: event.causationId, producer: event.producer, payload: event.payload };
  const h = natsHeaders();
  h.set(DEAD_LETTER_HEADERS.reason, 'attempts-exhausted');
  h.set(DEAD_LETTER_HEADERS.error, 'Error: the database refused the write');
  h.set(DEAD_LETTER_HEADERS.attempts, '5');
  h.set(DEAD_LETTER_HEADERS.consumer, names.consumerName(system.ns.namespace, consumer));
  h.set(DEAD_LETTER_HEADERS.subject, names.wireSubject(system.ns.namespace, `${type}.v1`));
  h.set(DEAD_LETTER_HEADERS.eventId, String(event.eventId));
  h.set(DEAD_LETTER_HEADERS.attemptErrors, JSON.stringify([1, 2, 3, 4, 5].map((attempt) => ({ attempt, error: 'Error: the database refused the write' }))));
  const ack = await nats.jetstream().publish(names.deadLetterSubject(system.ns.namespace, consumer), JSON.stringify(envelope), { headers: h });
  return ack.seq;
}

describe('the ops console in a browser, with the call-research demo running', () => {
  let operator: Page;
  let campaignId: string;

  it('lists the campaign among the runs and follows its timeline live, each event after its cause', async () => {
    operator = await signIn(OPS_KEY);
    const row = operator.getByRole('link', { name: /Clinic scheduling research \(demo\)/ });
    await expect.poll(async () => {
      await operator.getByRole('button', { name: 'Filter' }).click();
      return row.count();
    }, { timeout: 60_000, interval: 1_000 }).toBe(1);
    await shot(operator, 'runs');
    await row.click();
    await operator.getByRole('heading', { name: /Run: Clinic scheduling research/ }).waitFor();
    campaignId = decodeURIComponent(new URL(operator.url()).hash.replace('#/runs/', ''));

    const timeline = operator.locator('#timeline-table tbody tr');
    const before = await timeline.count();
    // Live: rows arrive while the page stays as it is (no navigation, no reload).
    await expect.poll(() => timeline.count(), { timeout: 60_000 }).toBeGreaterThan(before + 5);
    const types = await operator.locator('#timeline-table tbody tr td:nth-child(3) code').allTextContents();
    expect(types[0]).toBe('claims.campaign.created');
    const first = (type: string) => types.indexOf(type);
    expect(first('claims.campaign.launched')).toBeGreaterThan(first('claims.campaign.created'));
    await expect.poll(async () => (await operator.locator('#timeline-table tbody tr td:nth-child(3) code').allTextContents()).includes('telephony.call.ended'), { timeout: 60_000 }).toBe(true);
    const now = await operator.locator('#timeline-table tbody tr td:nth-child(3) code').allTextContents();
    expect(now.indexOf('telephony.call.queued')).toBeGreaterThan(now.indexOf('claims.campaign.launched'));
    expect(now.indexOf('telephony.call.ended')).toBeGreaterThan(now.indexOf('telephony.call.queued'));
    expect(await operator.locator('#timeline-table').textContent()).not.toMatch(/\+1555031\d{4}/);
    await shot(operator, 'run-detail');
  });

  it("shows a hypothesis waiting on its debounce, with the deadline and max wait, on the run's page", async () => {
    const debounced = operator.locator('table:has(caption:text-is("Debounced: fires once events stop coming, at the deadline")) tbody tr', { hasText: 'validate-' });
    await expect.poll(async () => {
      await operator.reload();
      await operator.locator('#timeline-table').waitFor();
      return debounced.count();
    }, { timeout: 120_000, interval: 250 }).toBeGreaterThan(0);
    const deadline = await debounced.first().locator('td:nth-child(3)').textContent();
    expect(deadline).toMatch(/\d{1,2}:\d{2}:\d{2}/);
    // And when it fires at the latest, however busy the key: its burst's start plus its max wait.
    expect(await debounced.first().locator('td:nth-child(4)').textContent()).toMatch(/\d{1,2}:\d{2}:\d{2}/);
    await shot(operator, 'run-debounce');
  });

  it('shows what waits, the events tail, consumers and services', async () => {
    await operator.getByRole('link', { name: 'Waiting' }).click();
    await operator.getByRole('heading', { name: 'Waiting' }).waitFor();
    await operator.getByRole('heading', { name: 'telephony' }).waitFor();
    await shot(operator, 'waiting');
    await operator.getByRole('link', { name: 'Events' }).click();
    await expect.poll(() => operator.locator('tbody tr').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await shot(operator, 'events');
    await operator.getByRole('link', { name: 'Consumers & services' }).click();
    await operator.getByRole('cell', { name: /claims-call-outcomes/ }).first().waitFor();
    await shot(operator, 'consumers');
    // Research's watch renewal is a cron: fired now, its next firing stays.
    await operator.getByRole('button', { name: 'Run watch-renewal now' }).click();
    await operator.getByRole('status').filter({ hasText: /research watch-renewal: research\.watch-renewal\.due appended now; next firing still/ }).waitFor();
  });

  it('shows a poisoned event in dead letters and redrives it from the page, recorded in the audit view', async () => {
    expect((await demo).campaign.status).toBe('COMPLETED');
    const seq = await poison(campaignId, 'telephony.call.ended', 'claims-call-outcomes');
    await operator.getByRole('link', { name: 'Dead letters' }).click();
    const redrive = operator.getByRole('button', { name: `Redrive #${seq}` });
    await redrive.waitFor();
    await operator.getByRole('row', { name: new RegExp(`^${seq} `) }).getByText('attempts and payload').click();
    await operator.getByRole('table', { name: 'Every attempt' }).waitFor();
    expect(await operator.getByRole('table', { name: 'Every attempt' }).locator('tbody tr').count()).toBe(5);
    await operator.getByLabel(`Reason for dead letter ${seq}`).fill('database back');
    await shot(operator, 'dead-letters');
    await redrive.click();
    await operator.getByRole('status').filter({ hasText: `#${seq} redriven` }).waitFor();
    expect(await operator.getByRole('button', { name: `Redrive #${seq}` }).count()).toBe(0);
    // It went back to its consumer, which took it (its inbox knew it) rather than parking it again.
    const jsm = await nats.jetstreamManager();
    const consumer = names.consumerName(system.ns.namespace, 'claims-call-outcomes');
    await expect.poll(async () => {
      const info = await jsm.consumers.info(names.domainStreamName(system.ns.namespace, 'telephony'), consumer);
      return info.num_pending + info.num_ack_pending;
    }, { timeout: 30_000 }).toBe(0);
    expect((await system.gateway.ok<unknown[]>('GET', '/v1/console/dead-letters')).length).toBe(0);

    await operator.getByRole('link', { name: 'Audit' }).click();
    const entry = operator.getByRole('row', { name: new RegExp(`dead-letter\\.redrive.*dead letter #${seq}.*database back.*redriven`) });
    await entry.waitFor();
    await shot(operator, 'audit');
  });

  it('shows a read-only key no action button, and refuses its forged POST with 403', async () => {
    const seq = await poison(campaignId, 'telephony.call.ended', 'claims-call-outcomes');
    const reader = await signIn(TEST_API_KEY);
    await reader.getByRole('link', { name: 'Dead letters' }).click();
    await reader.getByRole('cell', { name: String(seq), exact: true }).waitFor();
    expect(await reader.getByRole('button', { name: /Redrive|Discard/ }).count()).toBe(0);
    expect(await reader.getByText('Read-only').count()).toBe(1);
    const forged = await reader.evaluate(async (path) => {
      const key = sessionStorage.getItem('switchboard-console-key');
      const response = await fetch(path, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: '{}' });
      return response.status;
    }, `/v1/console/dead-letters/${seq}/redrive`);
    expect(forged).toBe(403);
    expect((await system.gateway.ok<{ seq: number }[]>('GET', '/v1/console/dead-letters')).map((l) => l.seq)).toContain(seq);

    await operator.getByRole('link', { name: 'Dead letters' }).click();
    await operator.getByLabel(`Reason for dead letter ${seq}`).fill('copy made by the test');
    await operator.getByRole('button', { name: `Discard #${seq}` }).click();
    await operator.getByRole('status').filter({ hasText: `#${seq} discarded` }).waitFor();
    await operator.getByRole('link', { name: 'Audit' }).click();
    await operator.getByRole('row', { name: /dead-letter\.discard.*copy made by the test.*discarded/ }).waitFor();
    expect(await operator.getByRole('row', { name: /dead-letter\.redrive/ }).count()).toBe(1);
    expect(await operator.getByRole('row', { name: /cron\.run-now.*research cron watch-renewal/ }).count()).toBe(1);
  });

  it('cancels the runs a filter matches from the runs page, with progress, skipping those already ended', async () => {
    expect(await (await signIn(TEST_API_KEY)).getByRole('button', { name: 'Cancel matching runs' }).count()).toBe(0);
    // From the audit page, so the form found below is the one rendered for these filters.
    await operator.evaluate(() => (location.hash = '#/runs?kind=call-research'));
    const cancel = operator.getByRole('form', { name: 'Cancel all matching runs' });
    await cancel.waitFor();
    await operator.getByRole('link', { name: /Clinic scheduling research \(demo\)/ }).waitFor();
    await cancel.getByLabel('Reason').fill('demo is over');
    await cancel.getByRole('button', { name: 'Cancel matching runs' }).click();
    await operator.getByRole('status').filter({ hasText: /^0 of (\d+) canceled, \1 skipped: already COMPLETED \(\1\)$/ }).waitFor();
    const progress = operator.getByRole('progressbar', { name: 'Cancel all matching runs: progress' });
    expect(await progress.evaluate((bar: HTMLProgressElement) => bar.value === bar.max)).toBe(true);
    await operator.getByRole('link', { name: 'Audit' }).click();
    await operator.getByRole('row', { name: /runs\.cancel-matching.*kind=call-research.*demo is over.*0 of \d+ canceled/ }).waitFor();
  });
});
