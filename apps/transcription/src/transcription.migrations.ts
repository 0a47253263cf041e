import { durableMigrations } from '@switchboard/durable';
import { CreateTranscripts1732310000000 } from './transcripts/migrations/1732310000000-create-transcripts.js';

/** The transcription schema's tables beyond the event store's, in the order they run. */
export const transcriptionMigrations = [...durableMigrations, CreateTranscripts1732310000000];
