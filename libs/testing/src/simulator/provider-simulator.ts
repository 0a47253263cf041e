import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AudioCpu } from './audio/audio-cpu.js';
import { dialogueWav, type Turn } from './audio/dialogue-wav.js';
import { readRequest, type Reply, type Route, route, send, type SimRequest } from './http-kit.js';
import { type CalleeScript, type Fault, type RecordedRequest, SimulatorState } from './simulator-state.js';
import { type TwilioAccount, TwilioCalls } from './twilio/twilio-calls.js';
import { TwilioMessages } from './twilio/twilio-messages.js';
import { AnthropicApi } from './anthropic/anthropic-api.js';
import { type ChatScript, ChatScripts } from './chat-scripts.js';
import { GoogleCalendarApi, type SimCalendarEvent } from './google/google-calendar-api.js';
import { OpenAiApi } from './openai/openai-api.js';
import { OpenAiAudio } from './openai/openai-audio.js';
import { WebPushService } from './push/web-push-service.js';

export interface SimulatorOptions {
  port?: number;
  twilio?: TwilioAccount;
  /** Time between a simulated call's status changes. */
  callStepMs?: number;
}

/** A scenario file: who answers what, and what the models say. */
export interface Scenario {
  description?: string;
  callees?: Record<string, CalleeScript>;
  chats?: ChatScript[];
}

export const SIMULATOR_PERPLEXITY_KEY = 'pplx-simulator';

const perplexityAuth = (request: SimRequest): Reply | undefined =>
  request.headers.authorization === `Bearer ${SIMULATOR_PERPLEXITY_KEY}`
    ? undefined
    : { status: 401, body: { error: { message: 'Invalid API key', type: 'invalid_api_key' } } };

export const DEFAULT_TWILIO_ACCOUNT: TwilioAccount = {
  accountSid: `AC${'0'.repeat(32)}`,
  authToken: 'simulator-auth-token',
};

/**
 * A local HTTP server that speaks the providers' APIs well enough that their official SDKs
 * cannot tell, with faults on demand and a log of every request (see libs/testing/README.md).
 */
export class ProviderSimulator {
  private readonly routes: Route[];

  private constructor(
    private readonly server: Server,
    readonly twilioAccount: TwilioAccount,
    readonly state: SimulatorState,
    private readonly calls: TwilioCalls,
    /** SMS and WhatsApp: what was sent, undeliverable numbers, inbound replies. */
    readonly messages: TwilioMessages,
    audio: OpenAiAudio,
    /** What every simulated model answers: `simulator.chats.scripts.push(...)`. */
    readonly chats: ChatScripts,
    openai: OpenAiApi,
    /** Call scoring's model latencies: `simulator.anthropic.scoringLatency.largeMs = 50`. */
    readonly anthropic: AnthropicApi,
    /** Meetings change here: `simulator.calendar.upsertEvent(...)`. */
    readonly calendar: GoogleCalendarApi,
    /** Browsers' push subscriptions (`simulator.push.subscribe()`) and the messages they decrypted. */
    readonly push: WebPushService,
    /** CPU spent synthesizing and parsing audio (a provider's work): `simulator.audioCpu.seconds`. */
    readonly audioCpu: AudioCpu,
  ) {
    const account = '/2010-04-01/Accounts/:accountSid';
    this.routes = [
      route('POST', `${account}/Calls.json`, 'twilio.calls.create', (request, _p, fault) => calls.authorize(request) ?? calls.create(request, fault)),
      route('GET', `${account}/Calls.json`, 'twilio.calls.list', (request) => calls.authorize(request) ?? calls.list(request)),
      route('GET', `${account}/Calls/:callSid.json`, 'twilio.calls.fetch', (request, p) => calls.authorize(request) ?? calls.fetch(p.callSid)),
      route('GET', `${account}/Calls/:callSid/Recordings.json`, 'twilio.recordings.list', (request, p) => calls.authorize(request) ?? calls.listRecordings(request, p.callSid)),
      route('GET', `${account}/Recordings/:recordingSid`, 'twilio.recordings.fetch', (request, p) => calls.authorize(request) ?? calls.recording(p.recordingSid)),
      route('POST', `${account}/Messages.json`, 'twilio.messages.create', (request, _p, fault) => calls.authorize(request) ?? messages.create(request, fault)),
      route('GET', `${account}/Messages.json`, 'twilio.messages.list', (request) => calls.authorize(request) ?? messages.list(request)),
      route('GET', `${account}/Messages/:messageSid.json`, 'twilio.messages.fetch', (request, p) => calls.authorize(request) ?? messages.fetch(p.messageSid)),
      // A Web Push service (RFC 8030): subscriptions' endpoints are `${baseUrl}/push/<id>`; those made by `push.subscribe()` decrypt what they get.
      route('POST', '/push/:subscriptionId', 'push.send', (request, p) => push.send(request, p.subscriptionId)),
      route('POST', '/openai/v1/chat/completions', 'openai.chat', (request) => openai.authorize(request) ?? openai.chat(request)),
      route('POST', '/perplexity/chat/completions', 'perplexity.chat', (request) => perplexityAuth(request) ?? openai.chat(request)),
      route('POST', '/anthropic/v1/messages', 'anthropic.messages', (request, _p, fault) => anthropic.authorize(request) ?? anthropic.messages(request, fault)),
      route('POST', '/openai/v1/audio/transcriptions', 'openai.transcriptions', (request) => openai.authorize(request) ?? audio.transcribe(request), { workDuringLatency: true }),
      route('POST', '/openai/v1/embeddings', 'openai.embeddings', (request) => openai.authorize(request) ?? openai.embeddings(request)),
      route('GET', '/calendar/v3/calendars/:calendarId/events', 'google.events.list', (request, p) => calendar.authorize(request) ?? calendar.list(decodeURIComponent(p.calendarId), request)),
      route('POST', '/calendar/v3/calendars/:calendarId/events/watch', 'google.events.watch', (request, p) => calendar.authorize(request) ?? calendar.watch(decodeURIComponent(p.calendarId), request)),
      route('GET', '/o/oauth2/v2/auth', 'google.oauth.consent', (request) => calendar.consent(request)),
      route('POST', '/oauth2/token', 'google.oauth.token', (request) => calendar.token(request)),
      route('POST', '/calendar/v3/channels/stop', 'google.channels.stop', (request) => calendar.authorize(request) ?? calendar.stop(request)),
      route('GET', '/__admin/requests', 'admin', (request) => ({ status: 200, body: this.requestsFor(request.query.get('endpoint')) })),
      route('POST', '/__admin/faults', 'admin', (request) => {
        const { endpoint, ...fault } = request.body as unknown as { endpoint: string } & Fault;
        this.state.setFault(endpoint, fault);
        return { status: 204 };
      }),
      route('POST', '/__admin/callees', 'admin', (request) => {
        for (const [phone, script] of Object.entries(request.body as unknown as Record<string, CalleeScript>)) this.state.callees.set(phone, script);
        return { status: 204 };
      }),
      // A patient's reply: POSTed, signed, to the messaging webhook `url` (the gateway's inbound route).
      route('POST', '/__admin/messages/inbound', 'admin', async (request) => {
        const { url, from, body } = request.body as { url: string; from: string; body: string };
        return { status: 200, body: { status: await messages.receive(url, from, body) } };
      }),
      route('POST', '/__admin/scenario', 'admin', (request) => (this.loadScenario(request.body as Scenario), { status: 204 })),
      route('POST', '/__admin/calendar/events', 'admin', async (request) => {
        const { calendarId, event } = request.body as unknown as { calendarId: string; event: SimCalendarEvent };
        await this.calendar.upsertEvent(calendarId, event);
        return { status: 204 };
      }),
      route('POST', '/__admin/scoring', 'admin', (request) => (Object.assign(anthropic.scoringLatency, request.body), { status: 204 })),
      route('POST', '/__admin/reset', 'admin', () => (this.state.reset(), { status: 204 })),
    ];
    server.on('request', (message, response) => {
      void this.serve(message, response).catch((error) => send(response, { status: 500, body: { message: String(error) } }));
    });
  }

  static async start(options: SimulatorOptions = {}): Promise<ProviderSimulator> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
    const twilioAccount = options.twilio ?? DEFAULT_TWILIO_ACCOUNT;
    const state = new SimulatorState();
    const publicUrl = () => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const audioCpu = new AudioCpu();
    const calls = new TwilioCalls(twilioAccount, state, options.callStepMs ?? 20, publicUrl, audioCpu);
    const chats = new ChatScripts();
    return new ProviderSimulator(
      server,
      twilioAccount,
      state,
      calls,
      new TwilioMessages(twilioAccount, options.callStepMs ?? 20),
      new OpenAiAudio(calls.recordings, audioCpu),
      chats,
      new OpenAiApi(chats),
      new AnthropicApi(chats),
      new GoogleCalendarApi(),
      new WebPushService(publicUrl),
      audioCpu,
    );
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Scripts callees and model answers at once (see libs/testing/scenarios/). */
  loadScenario(scenario: Scenario): void {
    for (const [phone, script] of Object.entries(scenario.callees ?? {})) this.state.callees.set(phone, script);
    this.chats.scripts.push(...(scenario.chats ?? []));
  }

  /**
   * A recording of scripted dialogue, as if a call had made it: its transcription is the dialogue's
   * words. Returns the WAV (dual channel: agent left, callee right).
   */
  recordDialogue(dialogue: Turn[]): Buffer {
    const sid = `RE${randomBytes(16).toString('hex')}`;
    const audio = dialogueWav(dialogue, `switchboard-simulator:${sid}`);
    this.calls.recordings.set(sid, { sid, callSid: 'CA-none', dialogue, audio });
    return audio;
  }

  /** What each SDK takes as its base URL. */
  get openaiBaseUrl(): string {
    return `${this.baseUrl}/openai/v1`;
  }

  get anthropicBaseUrl(): string {
    return `${this.baseUrl}/anthropic`;
  }

  get perplexityBaseUrl(): string {
    return `${this.baseUrl}/perplexity`;
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private requestsFor(endpoint: string | null) {
    return this.state.requests.filter((r) => !endpoint || r.endpoint.startsWith(endpoint));
  }

  private async serve(message: IncomingMessage, response: ServerResponse): Promise<void> {
    const request = await readRequest(message);
    for (const candidate of this.routes) {
      const match = candidate.method === request.method && candidate.pattern.exec(request.path);
      if (!match) continue;
      const [provider] = candidate.endpoint.split('.');
      const recorded: RecordedRequest = { provider, endpoint: candidate.endpoint, method: request.method, path: request.path, query: Object.fromEntries(request.query), body: request.body, at: new Date().toISOString() };
      if (candidate.endpoint !== 'admin') this.state.requests.push(recorded);
      const fault = this.state.takeFault(candidate.endpoint, request.body);
      const inFlight = (this.state.inFlight.get(candidate.endpoint) ?? 0) + 1;
      this.state.inFlight.set(candidate.endpoint, inFlight);
      this.state.peakInFlight.set(candidate.endpoint, Math.max(inFlight, this.state.peakInFlight.get(candidate.endpoint) ?? 0));
      try {
        return send(response, await this.answer(candidate, request, match.groups ?? {}, fault, recorded));
      } finally {
        recorded.answeredAt = new Date().toISOString();
        this.state.inFlight.set(candidate.endpoint, this.state.inFlight.get(candidate.endpoint)! - 1);
      }
    }
    send(response, { status: 404, body: { message: `the simulator does not serve ${request.method} ${request.path}` } });
  }

  /**
   * A route's reply, with the fault taken for it (latency, a status instead, a late or dropped
   * answer). The status decided is recorded before the answer is held or dropped.
   */
  private async answer(candidate: Route, request: SimRequest, params: Record<string, string>, fault: Fault | undefined, recorded: RecordedRequest): Promise<Reply> {
    const latency = fault?.latencyMs ? new Promise((resolve) => setTimeout(resolve, fault.latencyMs)) : undefined;
    if (!candidate.workDuringLatency || fault?.status) await latency;
    if (fault?.status) {
      recorded.status = fault.status;
      return {
        status: fault.status,
        body: { code: fault.status, message: `simulated ${fault.status}`, status: fault.status },
        headers: fault.retryAfterSeconds ? { 'retry-after': String(fault.retryAfterSeconds) } : {},
      };
    }
    const reply = await candidate.handle(request, params, fault);
    await latency;
    if (reply !== 'drop') recorded.status = reply.status;
    if (fault?.delayAnswerMs) await new Promise((resolve) => setTimeout(resolve, fault.delayAnswerMs));
    return fault?.crashAfterAccept ? 'drop' : reply;
  }
}
