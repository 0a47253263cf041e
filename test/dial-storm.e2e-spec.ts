import { afterAll, beforeAll, expect, it } from 'vitest';
import type { CampaignStatus } from '../scripts/demo/gateway-client.js';
import { SystemUnderTest } from '../scripts/system/system-under-test.js';

/**
 * The review's reproduction from outside, with documented knobs only: no dial rate to speak of and
 * a provider that takes 12 s to accept each call, so dial deliveries wait in hand past their ack
 * wait. Two campaigns on the same numbers, launched together.
 */
let system: SystemUnderTest;

beforeAll(async () => {
  system = await SystemUnderTest.start({ DIAL_RATE_LIMIT: '1000', CALL_RECONCILE_AFTER_MS: '5000' });
}, 240_000);
afterAll(() => system?.stop(), 60_000);

it('two campaigns on the same 40 numbers, under a 12 s provider: every number called exactly twice, no Call adopts another\'s call, every Call final', async () => {
  const prefix = '+1555090';
  const contacts = Array.from({ length: 40 }, (_, i) => ({ phone: `${prefix}${String(i + 1).padStart(4, '0')}` }));
  for (const { phone } of contacts) system.simulator.state.callees.set(phone, { outcome: 'busy' });
  system.simulator.state.setFault('twilio.calls.create', { latencyMs: 12_000 });
  const drafts = await Promise.all(
    ['storm a', 'storm b'].map((name) => system.gateway.ok<CampaignStatus>('POST', '/v1/campaigns', { name, checklist: [], hypotheses: [], contacts })),
  );
  await Promise.all(drafts.map((draft) => system.gateway.ok('POST', `/v1/campaigns/${draft.id}/launch`)));

  for (const draft of drafts) {
    await expect
      .poll(async () => (await system.gateway.ok<CampaignStatus>('GET', `/v1/campaigns/${draft.id}`)).status, { timeout: 300_000, interval: 1_000 })
      .toBe('COMPLETED');
  }
  const creates = system.simulator.state.requests.filter((r) => r.endpoint === 'twilio.calls.create' && String(r.body.To).startsWith(prefix));
  const perNumber = new Map<string, number>();
  for (const request of creates) perNumber.set(String(request.body.To), (perNumber.get(String(request.body.To)) ?? 0) + 1);
  expect([...perNumber.entries()].filter(([, count]) => count !== 2)).toEqual([]);
  expect(perNumber.size).toBe(40);

  const calls = (
    await Promise.all(drafts.map((draft) => system.gateway.ok<{ status: string; providerSid: string | null }[]>('GET', `/v1/campaigns/${draft.id}/calls`)))
  ).flat();
  expect(calls).toHaveLength(80);
  expect(calls.filter((call) => call.status !== 'BUSY')).toEqual([]);
  expect(new Set(calls.map((call) => call.providerSid)).size).toBe(80);
}, 420_000);
