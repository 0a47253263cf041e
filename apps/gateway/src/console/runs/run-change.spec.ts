import { callResearchRun, type EventEnvelope } from '@switchboard/contracts';
import { describe, expect, it } from 'vitest';
import { runChange, searchTerms } from './run-change.js';

const event = (type: string, payload: object, correlationId = 'c-1'): EventEnvelope => ({
  id: 'e-1',
  type,
  version: 1,
  streamId: 's-1',
  streamPosition: 1,
  occurredAt: '2026-01-01T00:00:00.000Z',
  correlationId,
  causationId: 'e-0',
  producer: 'claims',
  payload,
});

describe('runChange', () => {
  const kinds = [callResearchRun];

  it('starts a run of the declared kind, named by its correlation id and labelled by its start event', () => {
    expect(runChange(kinds, event('claims.campaign.created', { campaignId: 'c-1', name: 'Pricing study' }))).toMatchObject({
      runId: 'c-1',
      kind: 'call-research',
      status: 'RUNNING',
      step: 'drafted',
      failed: false,
      label: 'Pricing study',
    });
  });

  it('moves the run to the step its event declares, ends it as declared and counts declared failures', () => {
    expect(runChange(kinds, event('telephony.call.queued', { callId: 'x' }))).toMatchObject({ step: 'dialling', status: 'RUNNING', label: undefined });
    expect(runChange(kinds, event('claims.campaign.completed', {}))).toMatchObject({ status: 'COMPLETED', step: 'completed' });
    expect(runChange(kinds, event('transcription.transcript.failed', {}))).toMatchObject({ failed: true, kind: 'call-research' });
  });

  it('counts a handler giving up on any event as a failure of its run, without knowing its kind', () => {
    expect(runChange(kinds, event('claims.hypothesis.validation-due.failed', {}))).toMatchObject({ kind: undefined, failed: true, status: undefined });
    expect(runChange(kinds, event('gateway.twilio-webhook.received', {}))).toMatchObject({ kind: undefined, failed: false });
  });
});

describe('searchTerms', () => {
  it('keeps ids and words, and of a phone number only its last four digits', () => {
    const terms = searchTerms(event('telephony.call.queued', { callId: 'AB-12', phone: '+15551234567', contactName: 'Ada Lovelace', n: 7 }, 'Run-9'));
    expect(terms).toEqual(expect.arrayContaining(['run-9', 'ab-12', '4567', 'ada', 'lovelace', '7']));
    expect(terms.join(' ')).not.toContain('555123');
  });
});
