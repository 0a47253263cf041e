import { AggregateHandler, EventStore } from '@switchboard/event-store';
import { SERVICE_SCHEMA } from '@switchboard/platform';
import { type VideoCommand, videoDecider, type VideoEvent, type VideoState } from './video.decider.js';
import { videoProjection } from './video.projection.js';

export const videoStream = (videoId: string): string => `video-${videoId}`;

/** The Video aggregate. */
export class Videos extends AggregateHandler<VideoCommand, VideoEvent, VideoState> {
  static provider = {
    provide: Videos,
    inject: [EventStore, SERVICE_SCHEMA],
    useFactory: (store: EventStore, schema: string) => new Videos(store, videoDecider, videoStream, videoProjection(schema)),
  };
}
