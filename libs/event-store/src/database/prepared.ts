import type pg from 'pg';

const names = new Map<string, string>();

/**
 * A hot statement as a named prepared statement: each connection parses it once, and after a few
 * runs PostgreSQL keeps a generic plan, where an unnamed one is parsed and planned at every run
 * (for the append's CTE that took twice as long as running it, #18). One name per distinct text
 * in the process, so statements of different schemas never share a name.
 */
export function prepared(text: string, values: unknown[]): pg.QueryConfig {
  let name = names.get(text);
  if (!name) names.set(text, (name = `switchboard_${names.size + 1}`));
  return { name, text, values };
}
