import type pg from 'pg';

export interface CallToNumber {
  callId: string;
  providerSid: string | null;
  dialing: boolean;
}

/**
 * Our other Calls to `phone` that own one of `sids` or are dialling now (from the `calls` read
 * model, which commits with the Call's events): who else may have placed a call to the number.
 */
export async function otherCallsTo(tx: pg.PoolClient, schema: string, phone: string, callId: string, sids: string[]): Promise<CallToNumber[]> {
  const { rows } = await tx.query<CallToNumber>(
    `SELECT call_id AS "callId", provider_sid AS "providerSid", status = 'DIALING' AS dialing
     FROM "${schema}".calls WHERE phone = $1 AND call_id <> $2 AND (status = 'DIALING' OR provider_sid = ANY($3))`,
    [phone, callId, sids],
  );
  return rows;
}
