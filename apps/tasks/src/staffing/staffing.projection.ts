import {
  type EventEnvelope,
  type NurseContactUpdated,
  nurseContactUpdated,
  nursePushSubscriptionRemoved,
  type NursePushSubscriptionSet,
  nursePushSubscriptionSet,
  type NurseRegistered,
  nurseRegistered,
  shiftEnded,
  type ShiftScheduled,
  shiftScheduled,
  shiftStarted,
} from '@switchboard/contracts';
import type pg from 'pg';

/** `nurses` and `shifts`. */
export const staffingProjection = (schema: string) => {
  const s = `"${schema}"`;
  return async (events: EventEnvelope[], tx: pg.PoolClient): Promise<void> => {
    for (const event of events) {
      if (event.type === nurseRegistered.type) {
        const p = event.payload as NurseRegistered;
        await tx.query(`INSERT INTO ${s}.nurses (nurse_id, name, unit, phone, email, created_at) VALUES ($1, $2, $3, $4, $5, $6)`, [
          p.nurseId,
          p.name,
          p.unit,
          p.phone,
          p.email ?? null,
          event.occurredAt,
        ]);
      } else if (event.type === nurseContactUpdated.type) {
        const p = event.payload as NurseContactUpdated;
        await tx.query(`UPDATE ${s}.nurses SET phone = coalesce($2, phone), email = coalesce($3, email) WHERE nurse_id = $1`, [p.nurseId, p.phone ?? null, p.email ?? null]);
      } else if (event.type === nursePushSubscriptionSet.type) {
        const p = event.payload as NursePushSubscriptionSet;
        await tx.query(`UPDATE ${s}.nurses SET push_subscription = $2 WHERE nurse_id = $1`, [p.nurseId, p.subscription]);
      } else if (event.type === nursePushSubscriptionRemoved.type) {
        await tx.query(`UPDATE ${s}.nurses SET push_subscription = NULL WHERE nurse_id = $1`, [(event.payload as { nurseId: string }).nurseId]);
      } else if (event.type === shiftScheduled.type) {
        const p = event.payload as ShiftScheduled;
        await tx.query(`INSERT INTO ${s}.shifts (shift_id, nurse_id, unit, starts_at, ends_at, capacity, status) VALUES ($1, $2, $3, $4, $5, $6, 'SCHEDULED')`, [
          p.shiftId,
          p.nurseId,
          p.unit,
          p.startsAt,
          p.endsAt,
          p.capacity,
        ]);
      } else if (event.type === shiftStarted.type) {
        await tx.query(`UPDATE ${s}.shifts SET status = 'ACTIVE' WHERE shift_id = $1 AND status = 'SCHEDULED'`, [(event.payload as { shiftId: string }).shiftId]);
      } else if (event.type === shiftEnded.type) {
        await tx.query(`UPDATE ${s}.shifts SET status = 'ENDED' WHERE shift_id = $1`, [(event.payload as { shiftId: string }).shiftId]);
      }
    }
  };
};
