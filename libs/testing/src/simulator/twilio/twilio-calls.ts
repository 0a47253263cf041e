import { randomBytes } from 'node:crypto';
import twilio from 'twilio';
import type { SimRequest, Reply } from '../http-kit.js';
import type { AudioCpu } from '../audio/audio-cpu.js';
import { dialogueWav, type Turn } from '../audio/dialogue-wav.js';
import type { CalleeScript, CallOutcome, Fault, SimulatorState } from '../simulator-state.js';

export interface TwilioAccount {
  accountSid: string;
  authToken: string;
}

interface SimCall {
  sid: string;
  accountSid: string;
  to: string;
  from: string;
  status: string;
  duration: string | null;
  dateCreated: string;
  statusCallback?: string;
  recordingStatusCallback?: string;
}

export interface SimRecording {
  sid: string;
  callSid: string;
  dialogue: Turn[];
  audio: Buffer;
  /** Twilio's Recording status: `completed`, or `absent` when it found no audio. */
  status?: 'completed' | 'absent';
  durationSeconds?: number;
  dateCreated?: string;
}

const DEFAULT_DIALOGUE: Turn[] = [
  { speaker: 'agent', text: 'Hello, this is Switchboard calling. Do you have a minute?' },
  { speaker: 'callee', text: 'Sure, go ahead.' },
];

/** How a call's callbacks are delivered (see Fault). */
type Delivery = Pick<Fault, 'duplicateWebhooks' | 'shuffleWebhooks' | 'dropStatusCallbacks' | 'dropFinalStatusCallback' | 'dropRecordingCallbacks'>;

const E164 = /^\+[1-9]\d{6,14}$/;
const sid = (prefix: string) => `${prefix}${randomBytes(16).toString('hex')}`;

/**
 * Twilio's Calls resource: create, fetch, list, and the status callbacks a real call produces
 * (ringing, in-progress, then completed / busy / no-answer / failed), signed as Twilio signs them.
 */
export class TwilioCalls {
  private readonly calls = new Map<string, SimCall>();
  /** Recordings by sid; the transcription API reads them back by the sid in their comment. */
  readonly recordings = new Map<string, SimRecording>();

  constructor(
    private readonly account: TwilioAccount,
    private readonly state: SimulatorState,
    /** Time between two status callbacks of one call. */
    private readonly stepMs: number,
    /** The simulator's own URL, for the recording URLs it hands out. */
    private readonly publicUrl: () => string,
    /** Where the recordings' synthesis is accounted. */
    private readonly audioCpu: AudioCpu,
  ) {}

  authorize(request: SimRequest): Reply | undefined {
    const expected = `Basic ${Buffer.from(`${this.account.accountSid}:${this.account.authToken}`).toString('base64')}`;
    if (request.headers.authorization === expected) return undefined;
    return { status: 401, body: { code: 20003, message: 'Authenticate', more_info: 'https://www.twilio.com/docs/errors/20003', status: 401 } };
  }

  create(request: SimRequest, fault?: Delivery): Reply {
    const to = String(request.body.To ?? '');
    const script = this.state.callees.get(to);
    if (!E164.test(to) || script?.outcome === 'invalid') {
      return {
        status: 400,
        body: { code: 21211, message: `The 'To' number ${to} is not a valid phone number.`, more_info: 'https://www.twilio.com/docs/errors/21211', status: 400 },
      };
    }
    const call: SimCall = {
      sid: sid('CA'),
      accountSid: this.account.accountSid,
      to,
      from: String(request.body.From ?? ''),
      status: 'queued',
      duration: null,
      dateCreated: new Date().toUTCString(),
      statusCallback: request.body.StatusCallback as string | undefined,
      recordingStatusCallback:
        String(request.body.Record) === 'true' ? (request.body.RecordingStatusCallback as string | undefined) : undefined,
    };
    this.calls.set(call.sid, call);
    void this.play(call, script, fault);
    return { status: 201, body: this.resource(call) };
  }

  fetch(callSid: string): Reply {
    const call = this.calls.get(callSid);
    if (!call) return { status: 404, body: { code: 20404, message: `The requested resource was not found`, status: 404 } };
    return { status: 200, body: this.resource(call) };
  }

  list(request: SimRequest): Reply {
    const to = request.query.get('To');
    const calls = [...this.calls.values()].filter((call) => !to || call.to === to).map((call) => this.resource(call));
    return {
      status: 200,
      body: { calls, page: 0, page_size: 50, first_page_uri: request.path, next_page_uri: null, previous_page_uri: null, uri: request.path, start: 0, end: calls.length },
    };
  }

  /** A call's recordings (`GET /Calls/{sid}/Recordings.json`), as the SDK's `calls(sid).recordings.list()` reads them. */
  listRecordings(request: SimRequest, callSid: string): Reply {
    const recordings = [...this.recordings.values()].filter((r) => r.callSid === callSid).map((r) => this.recordingResource(r));
    return {
      status: 200,
      body: { recordings, page: 0, page_size: 50, first_page_uri: request.path, next_page_uri: null, previous_page_uri: null, uri: request.path, start: 0, end: recordings.length },
    };
  }

  /**
   * The Call resource with the fields real Twilio returns, and only those: nothing given at creation
   * (status callback URL, TwiML) comes back, so code that finds a call again cannot lean on them here.
   */
  private resource(call: SimCall) {
    const uri = `/2010-04-01/Accounts/${call.accountSid}/Calls/${call.sid}`;
    return {
      sid: call.sid,
      date_created: call.dateCreated,
      date_updated: call.dateCreated,
      parent_call_sid: null,
      account_sid: call.accountSid,
      to: call.to,
      to_formatted: call.to,
      from: call.from,
      from_formatted: call.from,
      phone_number_sid: null,
      status: call.status,
      start_time: null,
      end_time: null,
      duration: call.duration,
      price: null,
      price_unit: 'USD',
      direction: 'outbound-api',
      answered_by: null,
      api_version: '2010-04-01',
      forwarded_from: null,
      group_sid: null,
      caller_name: null,
      queue_time: '0',
      trunk_sid: null,
      uri: `${uri}.json`,
      subresource_uris: { recordings: `${uri}/Recordings.json`, events: `${uri}/Events.json`, notifications: `${uri}/Notifications.json` },
    };
  }

  private recordingResource(recording: SimRecording) {
    return {
      sid: recording.sid,
      account_sid: this.account.accountSid,
      call_sid: recording.callSid,
      conference_sid: null,
      api_version: '2010-04-01',
      date_created: recording.dateCreated ?? null,
      date_updated: recording.dateCreated ?? null,
      start_time: recording.dateCreated ?? null,
      duration: String(recording.durationSeconds ?? 0),
      price: null,
      price_unit: 'USD',
      status: recording.status ?? 'completed',
      channels: 2,
      source: 'OutboundAPI',
      error_code: null,
      track: 'both',
      encryption_details: null,
      uri: `/2010-04-01/Accounts/${this.account.accountSid}/Recordings/${recording.sid}.json`,
    };
  }

  recording(recordingSid: string): Reply {
    const recording = this.recordings.get(recordingSid.replace(/\.wav$/, ''));
    if (!recording || recording.status === 'absent') return { status: 404, body: { code: 20404, message: 'The requested resource was not found', status: 404 } };
    return { status: 200, raw: recording.audio, headers: { 'content-type': 'audio/x-wav' } };
  }

  private async play(call: SimCall, script: CalleeScript | undefined, delivery: Delivery = {}): Promise<void> {
    const outcome = (script?.outcome ?? 'completed') as Exclude<CallOutcome, 'invalid'>;
    const durationSeconds = script?.durationSeconds ?? 42;
    const timeline = outcome === 'completed' ? ['ringing', 'in-progress', 'completed'] : ['ringing', outcome];
    const held: Record<string, string>[] = [];
    for (const status of timeline) {
      await new Promise((resolve) => setTimeout(resolve, this.stepMs));
      call.status = status;
      if (status === 'completed') call.duration = String(durationSeconds);
      const params = this.statusParams(call);
      if (delivery.dropStatusCallbacks) continue;
      if (delivery.dropFinalStatusCallback && status === timeline.at(-1)) continue;
      for (let copy = 0; copy < (delivery.duplicateWebhooks ?? 1); copy++) {
        if (delivery.shuffleWebhooks) held.push(params);
        else await this.callback(call.statusCallback, params);
      }
    }
    // Fisher-Yates: what a busy carrier network does to callback order.
    for (let i = held.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [held[i], held[j]] = [held[j], held[i]];
    }
    for (const params of held) await this.callback(call.statusCallback, params);
    const recording = script?.recording ?? 'completed';
    if (outcome === 'completed' && call.recordingStatusCallback && recording !== 'none') {
      await this.record(call, script?.dialogue ?? DEFAULT_DIALOGUE, durationSeconds, recording, delivery);
    }
  }

  private async record(call: SimCall, dialogue: Turn[], durationSeconds: number, status: 'completed' | 'absent', delivery: Delivery): Promise<void> {
    const sid = `RE${randomBytes(16).toString('hex')}`;
    const audio = this.audioCpu.measure(() => dialogueWav(dialogue, `switchboard-simulator:${sid}`));
    this.recordings.set(sid, { sid, callSid: call.sid, dialogue, audio, status, durationSeconds, dateCreated: new Date().toUTCString() });
    // Twilio calls back for the events asked for, `completed` by default: an absent recording is only seen by asking.
    if (status === 'absent' || delivery.dropRecordingCallbacks) return;
    await new Promise((resolve) => setTimeout(resolve, this.stepMs));
    const params = {
      AccountSid: call.accountSid,
      CallSid: call.sid,
      RecordingSid: sid,
      RecordingUrl: `${this.publicUrl()}/2010-04-01/Accounts/${call.accountSid}/Recordings/${sid}`,
      RecordingStatus: 'completed',
      RecordingDuration: String(durationSeconds),
      RecordingChannels: '2',
      RecordingSource: 'OutboundAPI',
    };
    for (let copy = 0; copy < (delivery.duplicateWebhooks ?? 1); copy++) await this.callback(call.recordingStatusCallback, params);
  }

  private statusParams(call: SimCall): Record<string, string> {
    return {
      AccountSid: call.accountSid,
      CallSid: call.sid,
      CallStatus: call.status,
      To: call.to,
      From: call.from,
      ...(call.duration && { CallDuration: call.duration }),
    };
  }

  /** POSTs a callback the way Twilio does: form-encoded, with X-Twilio-Signature. */
  private async callback(url: string | undefined, params: Record<string, string>): Promise<void> {
    if (!url) return;
    const signature = twilio.getExpectedTwilioSignature(this.account.authToken, url, params);
    await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
      body: new URLSearchParams(params),
    }).catch(() => undefined); // the receiver being down is the receiver's problem, as with Twilio
  }
}
