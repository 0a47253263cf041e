import type { QuietHours } from '@switchboard/contracts';

const minutes = (clock: string) => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));

/** Minutes since local midnight in `timezone` at `at`. */
function localMinutes(at: Date, timezone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: timezone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const value = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return value('hour') * 60 + value('minute');
}

/**
 * When a patient message may go out: `at` itself outside quiet hours, else the end of them (local
 * time in the patient's zone; a window may wrap midnight, e.g. 21:00-08:00). Undefined: send now.
 */
export function quietUntil(at: Date, timezone: string, quiet?: QuietHours): Date | undefined {
  if (!quiet) return undefined;
  const [start, end, now] = [minutes(quiet.start), minutes(quiet.end), localMinutes(at, timezone)];
  if (start === end) return undefined;
  const inside = start < end ? now >= start && now < end : now >= start || now < end;
  if (!inside) return undefined;
  const wait = (end - now + 24 * 60) % (24 * 60);
  return new Date(Math.floor(at.getTime() / 60_000) * 60_000 + wait * 60_000);
}
