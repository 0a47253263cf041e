import { AggregateHandler, EventStore } from '@switchboard/event-store';
import { SERVICE_SCHEMA } from '@switchboard/platform';
import { type TranscriptCommand, transcriptDecider, type TranscriptEvent, type TranscriptState } from './transcript.decider.js';
import { transcriptProjection } from './transcript.projection.js';

export const transcriptStream = (callId: string): string => `transcript-${callId}`;

/** The Transcript aggregate of each call. */
export class Transcripts extends AggregateHandler<TranscriptCommand, TranscriptEvent, TranscriptState> {
  static provider = {
    provide: Transcripts,
    inject: [EventStore, SERVICE_SCHEMA],
    useFactory: (store: EventStore, schema: string) =>
      new Transcripts(store, transcriptDecider, transcriptStream, transcriptProjection(schema)),
  };
}
