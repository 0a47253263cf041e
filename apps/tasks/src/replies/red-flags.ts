import { SEVERITIES, type Severity } from '@switchboard/contracts';

/** Phrases that mean a nurse must look now, whatever the model says. Matched on normalised text. */
const RED_FLAGS: { pattern: RegExp; severity: Severity; reasonCode: string }[] = [
  { pattern: /\bchest (pain|tightness|pressure)\b/, severity: 'HIGH', reasonCode: 'CHEST_PAIN' },
  { pattern: /\b(can ?not|can'?t|cannot|unable to) breathe?\b|\bshort(ness)? of breath\b|\btrouble breathing\b/, severity: 'HIGH', reasonCode: 'BREATHING_DIFFICULTY' },
  { pattern: /\b(fainted|passed out|unconscious|collapsed)\b/, severity: 'HIGH', reasonCode: 'SYNCOPE' },
  { pattern: /\b(coughing|vomiting) blood\b|\bbleeding (heavily|a lot|won'?t stop)\b/, severity: 'HIGH', reasonCode: 'BLEEDING' },
  { pattern: /\b(stroke|face (is )?drooping|slurred speech)\b/, severity: 'CRITICAL', reasonCode: 'STROKE_SIGNS' },
  { pattern: /\b(suicid\w*|kill myself|end my life)\b/, severity: 'CRITICAL', reasonCode: 'SELF_HARM' },
];

export const severityRank = (severity: Severity): number => SEVERITIES.indexOf(severity);
export const atLeast = (a: Severity, b: Severity): Severity => (severityRank(a) >= severityRank(b) ? a : b);

/** The highest severity the red-flag rules give `text` (NONE when no rule matches), with their reason codes. */
export function redFlags(text: string): { severity: Severity; reasonCodes: string[] } {
  const normal = text.toLowerCase().replace(/[’‘]/g, "'").replace(/\s+/g, ' ');
  const hits = RED_FLAGS.filter((flag) => flag.pattern.test(normal));
  return { severity: hits.reduce<Severity>((max, hit) => atLeast(max, hit.severity), 'NONE'), reasonCodes: hits.map((hit) => hit.reasonCode) };
}

/** STOP / START keywords (Twilio's and the carriers' list): the whole message, any case. */
export function optKeyword(text: string): 'out' | 'in' | undefined {
  const word = text.trim().toUpperCase();
  if (['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT'].includes(word)) return 'out';
  if (['START', 'YES', 'UNSTOP'].includes(word)) return 'in';
  return undefined;
}
