import type pg from 'pg';

/**
 * Samples what a service's database connections are doing (pg_stat_activity) until stopped:
 * how many are busy in a query, idle inside a transaction (held while the code awaits something
 * else), or waiting for a lock. Says where runs wait on PostgreSQL rather than on their providers.
 */
export function sampleConnections(pool: pg.Pool, applicationName: string, everyMs = 250) {
  const totals = new Map<string, number>();
  let samples = 0;
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const { rows } = await pool.query<{ what: string; n: number }>(
        `SELECT CASE WHEN wait_event_type = 'Lock' THEN 'waiting for a lock' ELSE state END AS what, count(*)::int AS n
         FROM pg_stat_activity WHERE application_name = $1 GROUP BY 1`,
        [applicationName],
      );
      samples += 1;
      for (const row of rows) totals.set(row.what, (totals.get(row.what) ?? 0) + row.n);
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  })();
  return {
    async stop(): Promise<string> {
      stopped = true;
      await loop;
      return [...totals].map(([what, n]) => `${what} ${(n / samples).toFixed(1)}`).join(', ');
    },
  };
}
