import { callDialed, callDialRequested, callEnded, callProgressed, callQueued, callRecordingAvailable, callRecordingUnavailable } from '@switchboard/contracts';
import { DeciderSpecification } from '@switchboard/event-store';
import { describe, it } from 'vitest';
import { callDecider, CallRuleViolation } from './call.decider.js';

const spec = DeciderSpecification.for(callDecider);
const callId = 'call-1';
const queued = callQueued.create({ callId, campaignId: 'camp-1', phone: '+15551230001' });
const dialRequested = callDialRequested.create({ callId, campaignId: 'camp-1' });
const dialed = callDialed.create({ callId, providerSid: 'CA1' });
const ringing = callProgressed.create({ callId, status: 'RINGING' });
const answered = callProgressed.create({ callId, status: 'IN_PROGRESS' });
const completed = callEnded.create({ callId, campaignId: 'camp-1', status: 'COMPLETED', durationSeconds: 42 });
const status = (providerStatus: string, durationSeconds?: number) =>
  ({ type: 'apply-provider-status', providerStatus, durationSeconds }) as const;

describe('a Call', () => {
  it('is queued once, however often it is asked', () => {
    spec.given([]).when({ type: 'queue', callId, campaignId: 'camp-1', phone: '+15551230001' }).then([queued]);
    spec.given([queued]).when({ type: 'queue', callId, campaignId: 'camp-1', phone: '+15551230001' }).then([]);
  });

  it('records the intent to dial before dialling, and is never dialled twice for real', () => {
    spec.given([queued]).when({ type: 'request-dial' }).then([dialRequested]);
    // Asked once: a crash before the provider's answer was recorded is the dialer's redelivery, not a new request.
    spec.given([queued, dialRequested]).when({ type: 'request-dial' }).then([]);
    // Once the provider's call is known, nothing more is dialled.
    spec.given([queued, dialRequested, dialed]).when({ type: 'request-dial' }).then([]);
    spec.given([queued, dialRequested, dialed]).when({ type: 'record-dialed', providerSid: 'CA1' }).then([]);
    spec.given([queued, dialRequested, dialed]).when({ type: 'record-dialed', providerSid: 'CA2' }).thenThrows(CallRuleViolation);
  });

  it('follows the provider: ringing, answered, completed with its duration', () => {
    const live = [queued, dialRequested, dialed];
    spec.given(live).when(status('ringing')).then([ringing]);
    spec.given([...live, ringing]).when(status('in-progress')).then([answered]);
    spec.given([...live, ringing, answered]).when(status('completed', 42)).then([completed]);
    spec.given(live).when(status('busy')).then([callEnded.create({ callId, campaignId: 'camp-1', status: 'BUSY' })]);
    spec.given(live).when(status('no-answer')).then([callEnded.create({ callId, campaignId: 'camp-1', status: 'NO_ANSWER' })]);
  });

  it('ignores duplicated, late and out-of-order callbacks', () => {
    const ended = [queued, dialRequested, dialed, ringing, answered, completed];
    spec.given(ended).when(status('ringing')).then([]);
    spec.given(ended).when(status('completed', 42)).then([]);
    spec.given([queued, dialRequested, dialed, ringing, answered]).when(status('ringing')).then([]);
    spec.given([queued, dialRequested, dialed, ringing]).when(status('ringing')).then([]);
    spec.given([queued, dialRequested, dialed]).when(status('what-is-this')).then([]);
  });

  it('can skip straight to an ending (a completed callback that overtook the others)', () => {
    spec.given([queued, dialRequested, dialed]).when(status('completed', 30)).then([
      callEnded.create({ callId, campaignId: 'camp-1', status: 'COMPLETED', durationSeconds: 30 }),
    ]);
  });

  it('keeps its recording once', () => {
    const recording = { recordingSid: 'RE1', recordingUrl: 'http://127.0.0.1:4010/rec/RE1', durationSeconds: 42 };
    const ended = [queued, dialRequested, dialed, completed];
    spec.given(ended).when({ type: 'attach-recording', ...recording }).then([callRecordingAvailable.create({ callId, campaignId: 'camp-1', ...recording })]);
    spec.given([...ended, callRecordingAvailable.create({ callId, campaignId: 'camp-1', ...recording })]).when({ type: 'attach-recording', ...recording }).then([]);
  });

  it('gives up on the recording of an answered call once, and takes no recording after', () => {
    const recording = { recordingSid: 'RE1', recordingUrl: 'http://127.0.0.1:4010/rec/RE1', durationSeconds: 42 };
    const ended = [queued, dialRequested, dialed, completed];
    const unavailable = callRecordingUnavailable.create({ callId, campaignId: 'camp-1', reason: 'no recording was made' });
    spec.given(ended).when({ type: 'give-up-recording', reason: 'no recording was made' }).then([unavailable]);
    spec.given([...ended, unavailable]).when({ type: 'give-up-recording', reason: 'again' }).then([]);
    spec.given([...ended, unavailable]).when({ type: 'attach-recording', ...recording }).then([]);
    spec.given([...ended, callRecordingAvailable.create({ callId, campaignId: 'camp-1', ...recording })]).when({ type: 'give-up-recording', reason: 'late' }).then([]);
    spec.given([queued, dialRequested, dialed]).when({ type: 'give-up-recording', reason: 'x' }).thenThrows(CallRuleViolation, /answered/);
  });

  it('fails only while not ended', () => {
    spec.given([queued, dialRequested]).when({ type: 'fail-dial', reason: 'Twilio 21211' }).then([
      callEnded.create({ callId, campaignId: 'camp-1', status: 'FAILED', reason: 'Twilio 21211' }),
    ]);
    spec.given([queued, dialRequested, dialed, completed]).when({ type: 'request-dial' }).thenThrows(CallRuleViolation, /COMPLETED/);
  });

  it("is canceled (its campaign's cancel) only while queued, and then never dialled", () => {
    const cancel = { type: 'cancel', callId, campaignId: 'camp-1' } as const;
    const canceled = callEnded.create({ callId, campaignId: 'camp-1', status: 'CANCELED' });
    spec.given([queued]).when(cancel).then([canceled]);
    spec.given([queued, canceled]).when(cancel).then([]);
    // Its turn comes after the cancel: nothing to dial, and no error to retry.
    spec.given([queued, canceled]).when({ type: 'request-dial' }).then([]);
    // Being dialled, or ended: the call goes on as the provider says.
    spec.given([queued, dialRequested]).when(cancel).then([]);
    spec.given([queued, dialRequested, dialed, completed]).when(cancel).then([]);
  });

  it('canceled before telephony queued it (the campaign canceled first), ends then and is never queued', () => {
    const canceled = callEnded.create({ callId, campaignId: 'camp-1', status: 'CANCELED' });
    spec.given([]).when({ type: 'cancel', callId, campaignId: 'camp-1' }).then([canceled]);
    spec.given([canceled]).when({ type: 'queue', callId, campaignId: 'camp-1', phone: '+15551230001' }).then([]);
  });
});
