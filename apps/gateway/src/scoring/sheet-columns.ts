/** The fields a call row may carry; only the transcript is required. */
export const SHEET_FIELDS = ['transcript', 'externalId', 'agent', 'date', 'durationSeconds'] as const;
export type SheetField = (typeof SHEET_FIELDS)[number];

/** Header names people use for each field (compared lower-case, letters and digits only). */
const SYNONYMS: Record<SheetField, string[]> = {
  transcript: ['transcript', 'transcription', 'calltranscript', 'conversation', 'text', 'dialogue', 'content'],
  externalId: ['callid', 'id', 'call', 'callref', 'reference', 'recordingid'],
  agent: ['agent', 'agentname', 'rep', 'salesrep', 'representative', 'user', 'owner', 'caller'],
  date: ['date', 'calldate', 'timestamp', 'createdat', 'starttime', 'datetime', 'time'],
  durationSeconds: ['duration', 'durations', 'durationseconds', 'callduration', 'length', 'seconds', 'talktime'],
};

const squash = (header: string) => header.toLowerCase().replace(/[^a-z0-9]/g, '');

/** A `mapping` parameter: `transcript:Notes,agent:Owner` names the header for a field. */
export function parseMapping(mapping: string | undefined): { fields: Partial<Record<SheetField, string>> } | { error: string } {
  const fields: Partial<Record<SheetField, string>> = {};
  for (const pair of (mapping ?? '').split(',').filter((p) => p.trim())) {
    const at = pair.indexOf(':');
    const field = pair.slice(0, at).trim() as SheetField;
    if (at < 1 || !SHEET_FIELDS.includes(field)) return { error: `mapping must be field:header pairs separated by commas, fields among ${SHEET_FIELDS.join(', ')}` };
    fields[field] = pair.slice(at + 1).trim();
  }
  return { fields };
}

/** Which column holds each field: explicit mapping first, then synonyms; the first matching header wins. */
export function mapColumns(headers: string[], mapping: Partial<Record<SheetField, string>>): { columns: Partial<Record<SheetField, number>> } | { error: string } {
  const columns: Partial<Record<SheetField, number>> = {};
  for (const field of SHEET_FIELDS) {
    const named = mapping[field];
    if (named !== undefined) {
      const index = headers.findIndex((h) => h.trim().toLowerCase() === named.toLowerCase());
      if (index < 0) return { error: `mapping names "${named}" for ${field}, but the header row has no such column (it has: ${listHeaders(headers)})` };
      columns[field] = index;
      continue;
    }
    const index = headers.findIndex((h) => SYNONYMS[field].includes(squash(h)));
    if (index >= 0 && !Object.values(columns).includes(index)) columns[field] = index;
  }
  if (columns.transcript === undefined) {
    return { error: `no transcript column: the header row has ${listHeaders(headers)}; name one "transcript" or send mapping=transcript:<header>` };
  }
  return { columns };
}

const listHeaders = (headers: string[]) => (headers.filter((h) => h.trim()).map((h) => `"${h.slice(0, 40)}"`).join(', ') || 'no headers').slice(0, 500);
