import { callDialRequested, callEnded, callQueued, callRecordingAvailable, callRecordingUnavailable } from '../telephony/call.events.js';
import { recordingDownloaded, transcriptCompleted, transcriptFailed } from '../transcription/transcript.events.js';
import { defineRunKind } from '../runs/run-kind.js';
import { claimExtractionFailed, claimsExtracted } from './call-claims.events.js';
import { campaignCanceled, campaignCompleted, campaignCreated, campaignLaunched, type CampaignCreated } from './campaign.events.js';
import { hypothesisDecided, hypothesisValidationDue, hypothesisValidationFailed } from './hypothesis.events.js';

/** A call-research campaign, from its draft to its last hypothesis decided (correlation id = campaign id). */
export const callResearchRun = defineRunKind({
  kind: 'call-research',
  starts: [campaignCreated.type],
  steps: {
    [campaignCreated.type]: 'drafted',
    [campaignLaunched.type]: 'launched',
    [callQueued.type]: 'dialling',
    [callDialRequested.type]: 'dialling',
    [callEnded.type]: 'calls ending',
    [callRecordingAvailable.type]: 'recording',
    [recordingDownloaded.type]: 'transcribing',
    [transcriptCompleted.type]: 'extracting claims',
    [claimsExtracted.type]: 'weighing evidence',
    [hypothesisValidationDue.type]: 'validating',
    [hypothesisDecided.type]: 'deciding',
  },
  ends: { [campaignCompleted.type]: 'COMPLETED', [campaignCanceled.type]: 'CANCELED' },
  failures: [transcriptFailed.type, claimExtractionFailed.type, hypothesisValidationFailed.type, callRecordingUnavailable.type],
  label: (event) => (event.payload as CampaignCreated).name,
});
