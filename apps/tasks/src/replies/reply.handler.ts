import { Controller, Inject, Logger } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { type EventEnvelope, type InteractionEscalated, interactionEscalated, stableUuid, type TwilioWebhookReceived, twilioWebhookReceived } from '@switchboard/contracts';
import { DurableTimers } from '@switchboard/durable';
import { type EventContext, OnEvent } from '@switchboard/eventing';
import { SERVICE_SCHEMA } from '@switchboard/platform';
import { Tasks } from '../care.aggregates.js';
import { CheckIns, checkInTimerKey, Interactions, Patients } from '../patients/patient.aggregates.js';
import { TasksConfig } from '../tasks.config.js';
import { optKeyword } from './red-flags.js';
import { ReplyTriage } from './triage.js';

/**
 * A patient's SMS or WhatsApp message (the gateway's signed inbound webhook, kept as an event):
 * STOP / START change whether they may be messaged; anything else is triaged, closes their open
 * check-in, and, if MODERATE or worse, is escalated to a nurse task.
 */
@Controller()
export class ReplyHandler {
  private readonly logger = new Logger(ReplyHandler.name);

  constructor(
    private readonly patients: Patients,
    private readonly checkIns: CheckIns,
    private readonly interactions: Interactions,
    private readonly tasks: Tasks,
    private readonly triage: ReplyTriage,
    private readonly timers: DurableTimers,
    private readonly config: TasksConfig,
    @Inject(SERVICE_SCHEMA) private readonly schema: string,
  ) {}

  @OnEvent(twilioWebhookReceived, { durable: 'tasks-patient-replies', ordered: false, concurrency: 4, retry: { attempts: 5, baseDelayMs: 1_000, maxDelayMs: 10_000, jitter: 0.2 } })
  async onMessage(@Payload() event: EventEnvelope<TwilioWebhookReceived>, @Ctx() context: EventContext): Promise<void> {
    if (event.payload.kind !== 'messaging-inbound') return;
    const { From: from, Body: body, MessageSid: sid } = event.payload.params;
    const channel = from.startsWith('whatsapp:') ? 'whatsapp' : 'sms';
    const tx = context.tx;
    const s = `"${this.schema}"`;
    const { rows } = await tx.query<{ patientId: string }>(`SELECT patient_id AS "patientId" FROM ${s}.patients WHERE phone = $1 ORDER BY created_at DESC LIMIT 1`, [from.replace(/^whatsapp:/, '')]);
    if (!rows[0]) return this.logger.warn(`inbound message ${event.id} from an unknown number ignored`);
    const { patientId } = rows[0];
    const keyword = optKeyword(body);
    if (keyword) {
      await this.patients.execute(patientId, { type: keyword === 'out' ? 'opt-out' : 'opt-in', keyword: body.trim().toUpperCase() }, { tx, cause: { id: event.id, correlationId: patientId } });
      return;
    }
    const open = await tx.query<{ checkInId: string }>(
      `SELECT check_in_id AS "checkInId" FROM ${s}.check_ins WHERE patient_id = $1 AND status IN ('SCHEDULED', 'AWAITING_REPLY') ORDER BY due_at DESC LIMIT 1`,
      [patientId],
    );
    const checkInId = open.rows[0]?.checkInId;
    const interactionId = stableUuid('interaction', sid);
    const cause = { id: event.id, correlationId: checkInId ?? interactionId };
    // A reply to a check-in is a step of its discharge: its triage and escalation join that trace.
    const [begun] = checkInId ? (await this.checkIns.load(checkInId, tx)).events : [];
    const trace = begun?.traceparent ? { traceparent: begun.traceparent, tracestate: begun.tracestate } : undefined;
    const verdict = await this.triage.triage(body);
    await this.interactions.execute(
      interactionId,
      { type: 'triage', triage: { interactionId, patientId, checkInId, channel, ...verdict }, escalationTaskId: stableUuid('escalation', interactionId) },
      { tx, cause, trace },
    );
    if (checkInId) {
      await this.checkIns.execute(checkInId, { type: 'record-reply', interactionId }, { tx, cause });
      await this.timers.cancel(checkInTimerKey(checkInId), tx);
    }
  }

  /** An escalated reply becomes a nurse task whose SLA follows its severity. */
  @OnEvent(interactionEscalated, { durable: 'tasks-escalations', ordered: false, concurrency: 4 })
  async onEscalated(@Payload() event: EventEnvelope<InteractionEscalated>, @Ctx() context: EventContext): Promise<void> {
    const { taskId, patientId, severity, reasonCodes } = event.payload;
    const { rows } = await context.tx.query<{ unit: string }>(`SELECT unit FROM "${this.schema}".patients WHERE patient_id = $1`, [patientId]);
    const slaMinutes = this.config.slaMinutesFor(severity);
    await this.tasks.execute(
      taskId,
      {
        type: 'create',
        taskId,
        unit: rows[0]?.unit ?? this.config.CARE_DEFAULT_UNIT,
        patientId,
        priority: severity === 'CRITICAL' ? 'URGENT' : severity === 'HIGH' ? 'HIGH' : 'NORMAL',
        severity,
        reasonCodes,
        actionType: severity === 'CRITICAL' || severity === 'HIGH' ? 'NURSE_CALLBACK_NOW' : 'NURSE_CALLBACK_24H',
        slaMinutes,
        dueAt: new Date(Date.now() + slaMinutes * this.config.CARE_SLA_MINUTE_MS).toISOString(),
      },
      { tx: context.tx, cause: { id: event.id, correlationId: taskId } },
    );
  }
}
