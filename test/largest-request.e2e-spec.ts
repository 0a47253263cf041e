import { SERVICE_NAMES } from '@switchboard/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateCampaignRequest } from '../apps/gateway/src/call-research/campaign.dto.js';
import { largestValid } from '../apps/gateway/src/test-support/largest-valid.js';
import { SystemUnderTest } from '../scripts/system/system-under-test.js';

let system: SystemUnderTest;

beforeAll(async () => {
  system = await SystemUnderTest.start();
}, 240_000);
afterAll(() => system?.stop(), 60_000);

/** The largest request the DTO accepts, with the phones and keys unique as the campaign requires. */
function largestCampaign(): CreateCampaignRequest {
  const request = largestValid(CreateCampaignRequest);
  request.contacts.forEach((contact, i) => (contact.phone = `+1${String(i).padStart(contact.phone.length - 2, '0')}`));
  request.hypotheses.forEach((hypothesis, i) => (hypothesis.key = `${hypothesis.key.slice(4)}${String(i).padStart(4, '0')}`));
  return request;
}

describe('the largest valid request', () => {
  it('goes through the whole system as events and replies: drafted, launched, read back, every service still up', async () => {
    const request = largestCampaign();
    const created = await system.gateway.ok<{ id: string; status: string; checklist: string[] }>('POST', '/v1/campaigns', request);
    expect(created).toMatchObject({ status: 'DRAFT', checklist: request.checklist });
    await system.gateway.ok('POST', `/v1/campaigns/${created.id}/launch`);

    // The launch event (every contact) reached telephony, which queued one call per contact.
    await expect
      .poll(async () => (await system.gateway.ok<{ calls: { total: number } }>('GET', `/v1/campaigns/${created.id}`)).calls.total, {
        timeout: 60_000,
        interval: 500,
      })
      .toBe(request.contacts.length);
    const calls = await system.gateway.ok<{ contactName: string }[]>('GET', `/v1/campaigns/${created.id}/calls`);
    expect(calls).toHaveLength(request.contacts.length);
    expect(calls[0].contactName).toBe(request.contacts[0].name);

    const health = await fetch(`${system.gateway.baseUrl}/health`);
    const body = (await health.json()) as { details: Record<string, { status: string }> };
    expect(Object.fromEntries(SERVICE_NAMES.slice(1).map((name) => [name, body.details[name]?.status]))).toEqual(
      Object.fromEntries(SERVICE_NAMES.slice(1).map((name) => [name, 'up'])),
    );
  });
});
