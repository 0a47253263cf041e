import {
  type NewEvent,
  type RecordingDownloaded,
  recordingDownloaded,
  type TranscriptCompleted,
  transcriptCompleted,
  type TranscriptFailed,
  transcriptFailed,
  type Utterance,
} from '@switchboard/contracts';
import type { Decider } from '@switchboard/event-store';

export type TranscriptStatus = 'DOWNLOADED' | 'COMPLETED' | 'FAILED';

export type TranscriptEvent =
  | NewEvent<RecordingDownloaded, typeof recordingDownloaded.type>
  | NewEvent<TranscriptCompleted, typeof transcriptCompleted.type>
  | NewEvent<TranscriptFailed, typeof transcriptFailed.type>;

export type TranscriptCommand =
  | { type: 'keep-recording'; callId: string; campaignId: string; bytes: number }
  | { type: 'complete'; text: string; utterances: Utterance[]; durationSeconds: number }
  | { type: 'fail'; callId: string; campaignId: string; reason: string };

export interface TranscriptState {
  callId?: string;
  campaignId?: string;
  status?: TranscriptStatus;
}

const isFinal = (state: TranscriptState) => state.status === 'COMPLETED' || state.status === 'FAILED';

function decide(command: TranscriptCommand, state: TranscriptState): TranscriptEvent[] {
  switch (command.type) {
    case 'keep-recording':
      if (state.status) return [];
      return [recordingDownloaded.create({ callId: command.callId, campaignId: command.campaignId, bytes: command.bytes })];
    case 'complete':
      if (state.status !== 'DOWNLOADED') return []; // done already (or failed for good): once only
      return [
        transcriptCompleted.create({
          callId: state.callId!,
          campaignId: state.campaignId!,
          text: command.text,
          utterances: command.utterances,
          durationSeconds: command.durationSeconds,
        }),
      ];
    case 'fail':
      if (isFinal(state)) return [];
      return [transcriptFailed.create({ callId: command.callId, campaignId: command.campaignId, reason: command.reason })];
  }
}

function evolve(state: TranscriptState, event: TranscriptEvent): TranscriptState {
  switch (event.type) {
    case recordingDownloaded.type:
      return { callId: event.payload.callId, campaignId: event.payload.campaignId, status: 'DOWNLOADED' };
    case transcriptCompleted.type:
      return { ...state, status: 'COMPLETED' };
    case transcriptFailed.type:
      return { callId: event.payload.callId, campaignId: event.payload.campaignId, status: 'FAILED' };
  }
}

/** A call's transcript: the recording kept once, then transcribed once or failed once, for good. */
export const transcriptDecider: Decider<TranscriptCommand, TranscriptEvent, TranscriptState> = {
  initialState: () => ({}),
  decide,
  evolve,
};
