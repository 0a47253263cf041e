import {
  type CheckInAttemptDeferred,
  checkInAttemptDeferred,
  type CheckInAttemptSent,
  checkInAttemptSent,
  type CheckInClosedUnanswered,
  checkInClosedUnanswered,
  type CheckInReplied,
  checkInReplied,
  type EpisodeAdmitted,
  episodeAdmitted,
  type EpisodeDischarged,
  episodeDischarged,
  type EventEnvelope,
  type InteractionTriaged,
  interactionTriaged,
  type PatientContactUpdated,
  patientContactUpdated,
  patientOptedIn,
  patientOptedOut,
  type PatientRegistered,
  patientRegistered,
} from '@switchboard/contracts';
import type pg from 'pg';

/** `patients`, `episodes` and `check_ins` (a check-in row starts at discharge, due after the configured delay). */
export const patientProjection = (schema: string, checkInDelayMs: number) => {
  const s = `"${schema}"`;
  return async (events: EventEnvelope[], tx: pg.PoolClient): Promise<void> => {
    for (const event of events) {
      const at = event.occurredAt;
      if (event.type === patientRegistered.type) {
        const p = event.payload as PatientRegistered;
        await tx.query(
          `INSERT INTO ${s}.patients (patient_id, name, phone, email, timezone, preferred_channel, quiet_hours, unit, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
          [p.patientId, p.name, p.phone, p.email ?? null, p.timezone, p.preferredChannel, p.quietHours ? JSON.stringify(p.quietHours) : null, p.unit, at],
        );
      } else if (event.type === patientContactUpdated.type) {
        const p = event.payload as PatientContactUpdated;
        await tx.query(
          `UPDATE ${s}.patients SET phone = coalesce($2, phone), email = coalesce($3, email), timezone = coalesce($4, timezone),
             preferred_channel = coalesce($5, preferred_channel), quiet_hours = coalesce($6, quiet_hours) WHERE patient_id = $1`,
          [p.patientId, p.phone ?? null, p.email ?? null, p.timezone ?? null, p.preferredChannel ?? null, p.quietHours ? JSON.stringify(p.quietHours) : null],
        );
      } else if (event.type === patientOptedOut.type || event.type === patientOptedIn.type) {
        await tx.query(`UPDATE ${s}.patients SET opted_out = $2 WHERE patient_id = $1`, [(event.payload as { patientId: string }).patientId, event.type === patientOptedOut.type]);
      } else if (event.type === episodeAdmitted.type) {
        const p = event.payload as EpisodeAdmitted;
        await tx.query(`INSERT INTO ${s}.episodes (episode_id, patient_id, status, admitted_at) VALUES ($1, $2, 'ADMITTED', $3)`, [p.episodeId, p.patientId, p.admittedAt]);
      } else if (event.type === episodeDischarged.type) {
        const p = event.payload as EpisodeDischarged;
        await tx.query(`UPDATE ${s}.episodes SET status = 'DISCHARGED', discharged_at = $2, check_in_id = $3 WHERE episode_id = $1`, [p.episodeId, p.dischargedAt, p.checkInId]);
        await tx.query(`INSERT INTO ${s}.check_ins (check_in_id, episode_id, patient_id, status, due_at, updated_at) VALUES ($1, $2, $3, 'SCHEDULED', $4, $5)`, [
          p.checkInId,
          p.episodeId,
          p.patientId,
          new Date(Date.parse(p.dischargedAt) + checkInDelayMs),
          at,
        ]);
      } else if (event.type === checkInAttemptSent.type) {
        const p = event.payload as CheckInAttemptSent;
        await tx.query(
          `UPDATE ${s}.check_ins SET status = 'AWAITING_REPLY', attempts = attempts || $2::jsonb, updated_at = $3 WHERE check_in_id = $1`,
          [p.checkInId, JSON.stringify([{ attempt: p.attempt, channel: p.channel, notificationId: p.notificationId, sentAt: at }]), at],
        );
      } else if (event.type === checkInAttemptDeferred.type) {
        const p = event.payload as CheckInAttemptDeferred;
        await tx.query(`UPDATE ${s}.check_ins SET due_at = $2, updated_at = $3 WHERE check_in_id = $1`, [p.checkInId, p.until, at]);
      } else if (event.type === checkInClosedUnanswered.type) {
        const p = event.payload as CheckInClosedUnanswered;
        await tx.query(`UPDATE ${s}.check_ins SET status = 'UNANSWERED', closed_reason = $2, task_id = $3, updated_at = $4 WHERE check_in_id = $1`, [p.checkInId, p.reason, p.taskId, at]);
      } else if (event.type === checkInReplied.type) {
        const p = event.payload as CheckInReplied;
        await tx.query(`UPDATE ${s}.check_ins SET status = 'REPLIED', interaction_id = $2, updated_at = $3 WHERE check_in_id = $1`, [p.checkInId, p.interactionId, at]);
      } else if (event.type === interactionTriaged.type) {
        const p = event.payload as InteractionTriaged;
        if (p.checkInId) await tx.query(`UPDATE ${s}.check_ins SET severity = $2, summary = $3, updated_at = $4 WHERE check_in_id = $1`, [p.checkInId, p.severity, p.summary, at]);
      }
    }
  };
};
