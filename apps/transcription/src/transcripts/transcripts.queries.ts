import { Controller, Inject } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import type { Utterance } from '@switchboard/contracts';
import { OnCommand } from '@switchboard/eventing';
import { SERVICE_SCHEMA } from '@switchboard/platform';
import pg from 'pg';

export interface TranscriptView {
  status: 'TRANSCRIBING' | 'COMPLETED' | 'FAILED' | 'NONE';
  text: string | null;
  durationSeconds: number | null;
  failureReason: string | null;
  utterances: Utterance[];
}

/** What the gateway asks transcription about a call. A call not transcribed (yet) has status NONE. */
@Controller()
export class TranscriptsQueries {
  constructor(
    @Inject(pg.Pool) private readonly pool: pg.Pool,
    @Inject(SERVICE_SCHEMA) private readonly schema: string,
  ) {}

  @OnCommand('transcription.transcript.get')
  async get(@Payload() query: { callId: string }): Promise<TranscriptView> {
    const s = `"${this.schema}"`;
    const [transcript, utterances] = await Promise.all([
      this.pool.query(
        `SELECT status, text, duration_seconds AS "durationSeconds", failure_reason AS "failureReason" FROM ${s}.transcripts WHERE call_id = $1`,
        [query.callId],
      ),
      this.pool.query<Utterance>(
        `SELECT speaker, text, start_seconds AS start, end_seconds AS "end" FROM ${s}.utterances WHERE call_id = $1 ORDER BY position`,
        [query.callId],
      ),
    ]);
    const row = transcript.rows[0] ?? { status: 'NONE', text: null, durationSeconds: null, failureReason: null };
    return { ...row, utterances: utterances.rows };
  }
}
