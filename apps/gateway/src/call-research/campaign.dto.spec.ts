import { CAMPAIGN_LIMITS } from '@switchboard/contracts';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { describe, expect, it } from 'vitest';
import { GatewayConfig } from '../gateway.config.js';
import { largestValid } from '../test-support/largest-valid.js';
import { CreateCampaignRequest, ReopenHypothesisRequest } from './campaign.dto.js';

const errorsOf = (dto: new () => object, plain: object) =>
  validateSync(plainToInstance(dto, plain), { whitelist: true, forbidNonWhitelisted: true }).map((e) => e.property);

describe('campaign request bounds', () => {
  it('every field is bounded: the largest valid request is derived from the DTO and fits the default body limit', () => {
    const largest = largestValid(CreateCampaignRequest);
    expect(errorsOf(CreateCampaignRequest, largest)).toEqual([]);
    expect(largest.contacts).toHaveLength(CAMPAIGN_LIMITS.contacts);
    expect(largest.checklist[0]).toHaveLength(CAMPAIGN_LIMITS.checklistItem);
    // The gateway must accept it, or the test that pushes it through the system would prove nothing.
    expect(Buffer.byteLength(JSON.stringify(largest))).toBeLessThan(new GatewayConfig().MAX_BODY_BYTES);
    expect(errorsOf(ReopenHypothesisRequest, largestValid(ReopenHypothesisRequest))).toEqual([]);
  });

  it('refuses a checklist item over its limit', () => {
    const request = largestValid(CreateCampaignRequest);
    request.checklist[3] += 'x';
    expect(errorsOf(CreateCampaignRequest, request)).toEqual(['checklist']);
  });

  it.each([
    ['a control character in a name', { name: 'Clinic\u0001' }, 'name'],
    ['a lone surrogate in a checklist item', { checklist: ['Why\ud800?'] }, 'checklist'],
  ])('refuses %s (JSON would write it in 6 bytes)', (_, field, property) => {
    const request = { ...largestValid(CreateCampaignRequest), ...field };
    expect(errorsOf(CreateCampaignRequest, request)).toEqual([property]);
  });

  it('keeps line breaks and emoji in multi-line text', () => {
    const request = { ...largestValid(CreateCampaignRequest), checklist: ['How do you book?\nBy phone?\t😀'] };
    expect(errorsOf(CreateCampaignRequest, request)).toEqual([]);
  });
});
