import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import {
  type CheckInAttemptDue,
  checkInAttemptDue,
  type EventEnvelope,
  NOTIFICATION_REQUEST_COMMAND,
  notificationIdFor,
  type PatientChannel,
  type QuietHours,
  stableUuid,
} from '@switchboard/contracts';
import { DurableTimers } from '@switchboard/durable';
import { CommandBus, type EventContext, OnEvent } from '@switchboard/eventing';
import { SERVICE_SCHEMA } from '@switchboard/platform';
import { Tasks } from '../care.aggregates.js';
import { CheckIns, checkInStream, checkInTimerKey, Patients } from '../patients/patient.aggregates.js';
import { TasksConfig } from '../tasks.config.js';
import { quietUntil } from './quiet-hours.js';

const CHECK_IN_TEXT = 'Hello from your care team. How are you feeling since you left the hospital? Reply to this message to tell us; reply STOP to opt out.';
const CALL_TEXT = 'Hello, this is your care team calling to check how you are feeling since you left the hospital. Please reply to our text message, or call the ward if you need help.';
/** Attempts 1 and 2 on the preferred channel, 3 a phone call; then a nurse calls. */
const LAST_ATTEMPT = 3;

interface PatientRow {
  phone: string;
  email: string | null;
  timezone: string;
  preferredChannel: PatientChannel;
  quietHours: QuietHours | null;
  unit: string;
}

/**
 * A check-in attempt come due (its timer): sent to the patient on the channel of the attempt, or
 * deferred past their quiet hours, or, for an opted-out patient or after the last attempt, turned
 * into a LOW task for a nurse. The next attempt's timer is set as this one is recorded.
 */
@Controller()
export class CheckInHandler {
  constructor(
    private readonly checkIns: CheckIns,
    private readonly patients: Patients,
    private readonly tasks: Tasks,
    private readonly timers: DurableTimers,
    private readonly commands: CommandBus,
    private readonly config: TasksConfig,
    @Inject(SERVICE_SCHEMA) private readonly schema: string,
  ) {}

  @OnEvent(checkInAttemptDue, { durable: 'tasks-check-in-attempts', ordered: false, concurrency: 8, retry: { attempts: 8, baseDelayMs: 500, maxDelayMs: 10_000, jitter: 0.2 } })
  async onDue(@Payload() event: EventEnvelope<CheckInAttemptDue>, @Ctx() context: EventContext): Promise<void> {
    const { checkInId, patientId, attempt } = event.payload;
    const tx = context.tx;
    const options = { tx, cause: event };
    const { state } = await this.checkIns.load(checkInId, tx);
    if (state.status === 'REPLIED' || state.status === 'UNANSWERED' || attempt <= state.sent) return;
    const { state: patient } = await this.patients.load(patientId, tx);
    const { rows } = await tx.query<PatientRow>(
      `SELECT phone, email, timezone, preferred_channel AS "preferredChannel", quiet_hours AS "quietHours", unit FROM "${this.schema}".patients WHERE patient_id = $1`,
      [patientId],
    );
    const row = rows[0];
    if (patient.optedOut || attempt > LAST_ATTEMPT) {
      // A task id from the check-in: a redelivery creates the same task, once.
      const taskId = stableUuid('check-in-task', checkInId);
      const reason = patient.optedOut ? 'opted-out' : 'no-response';
      await this.tasks.execute(
        taskId,
        {
          type: 'create',
          taskId,
          unit: row.unit,
          patientId,
          episodeId: event.payload.episodeId,
          priority: 'NORMAL',
          severity: 'LOW',
          reasonCodes: [patient.optedOut ? 'PATIENT_OPTED_OUT' : 'CHECK_IN_NO_RESPONSE'],
          actionType: 'NURSE_CALLBACK_24H',
          slaMinutes: this.config.slaMinutesFor('LOW'),
          dueAt: new Date(Date.now() + this.config.slaMinutesFor('LOW') * this.config.CARE_SLA_MINUTE_MS).toISOString(),
        },
        { tx, cause: { id: event.id, correlationId: taskId } },
      );
      await this.checkIns.execute(checkInId, { type: 'close-unanswered', reason, taskId }, options);
      return;
    }
    const until = quietUntil(new Date(), row.timezone, row.quietHours ?? undefined);
    if (until) {
      await this.timers.schedule({ key: checkInTimerKey(checkInId), streamId: checkInStream(checkInId), event: checkInAttemptDue.create(event.payload), correlationId: event.correlationId, at: until }, tx);
      await this.checkIns.execute(checkInId, { type: 'defer', attempt, until: until.toISOString() }, options);
      return;
    }
    const channel: PatientChannel = attempt === LAST_ATTEMPT ? 'voice' : row.preferredChannel;
    const notificationId = notificationIdFor(checkInId, `check-in-attempt-${attempt}`);
    await this.commands.execute(
      NOTIFICATION_REQUEST_COMMAND,
      {
        notificationId,
        channels: [channel],
        recipient: { kind: 'patient', id: patientId, phone: row.phone, ...(row.email && { email: row.email }) },
        about: { kind: 'check-in', id: checkInId },
        subject: 'How are you feeling?',
        body: channel === 'voice' ? CALL_TEXT : CHECK_IN_TEXT,
        correlationId: event.correlationId,
      },
      { timeoutMs: 10_000 },
    );
    await this.checkIns.execute(checkInId, { type: 'record-attempt', attempt, channel, notificationId }, options);
    await this.timers.scheduleAfter(
      { key: checkInTimerKey(checkInId), streamId: checkInStream(checkInId), event: checkInAttemptDue.create({ ...event.payload, attempt: attempt + 1 }), correlationId: event.correlationId },
      this.config.CARE_CHECK_IN_RETRY_MS,
      tx,
    );
  }
}
