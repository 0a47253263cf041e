import { NOTIFICATION_CHANNELS, type NotificationChannel } from '@switchboard/contracts';
import { IsPortNumber, SERVICE_PORTS, ServiceConfig } from '@switchboard/platform';
import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';

const CHANNEL = `(${NOTIFICATION_CHANNELS.join('|')})`;
const CHANNEL_LIST = new RegExp(`^${CHANNEL}(,${CHANNEL})*$`);

export class TasksConfig extends ServiceConfig {
  @IsPortNumber()
  TASKS_PORT: number = SERVICE_PORTS.tasks;

  /**
   * How long one SLA minute lasts, in ms: 60000 in production; tests and the demo scale SLAs down
   * with it (a 60-minute SLA at 100 ms per minute breaches after 6 s).
   */
  @IsInt() @Min(1) CARE_SLA_MINUTE_MS: number = 60_000;

  /** The SLA's share after which the nurse is warned, in percent. */
  @IsInt() @Min(1) @Max(99) CARE_SLA_WARNING_PERCENT: number = 75;

  /**
   * Told of every breach beside the assigned nurse: comma-separated E.164 numbers, each either for
   * every unit (`+15550001111`) or for one (`cardiology:+15550002222`).
   */
  @IsOptional()
  @Matches(/^([a-z0-9][a-z0-9-_]{0,63}:)?\+[1-9]\d{6,14}(,([a-z0-9][a-z0-9-_]{0,63}:)?\+[1-9]\d{6,14})*$/i, {
    message: 'must be comma-separated E.164 numbers, each optionally prefixed with its unit and a colon',
  })
  CARE_SUPERVISOR_PHONES?: string;

  /**
   * How nurse and supervisor alerts go, in order: each channel the recipient has an address for
   * (push: a subscription; email: an address), the next when one fails.
   */
  @Matches(CHANNEL_LIST, { message: `must be comma-separated channels of ${NOTIFICATION_CHANNELS.join(', ')}` })
  @Matches(/(^|,)(sms|whatsapp|voice)(,|$)/, { message: 'must name a phone channel (sms, whatsapp or voice): a phone is the one address every nurse and supervisor has' })
  CARE_ALERT_CHANNELS = 'push,sms,voice';

  /** The pool a task or nurse belongs to when the request names none. */
  @IsString() CARE_DEFAULT_UNIT = 'general';

  /** How long after discharge the check-in's first message goes out (24 h). */
  @IsInt() @Min(1) CARE_CHECK_IN_DELAY_MS: number = 24 * 3_600_000;

  /** How long a check-in attempt waits for a reply before the next (a second message, then a call, then a nurse task). */
  @IsInt() @Min(1) CARE_CHECK_IN_RETRY_MS: number = 4 * 3_600_000;

  /** The longest the triage model may take on a reply; past it the red-flag rules decide alone. */
  @IsInt() @Min(100) CARE_TRIAGE_TIMEOUT_MS: number = 20_000;

  /** SLA minutes of an escalated reply's task, by severity. */
  @Matches(/^(CRITICAL|HIGH|MODERATE|LOW)=\d{1,5}(,(CRITICAL|HIGH|MODERATE|LOW)=\d{1,5})*$/, { message: 'must be SEVERITY=minutes pairs, e.g. CRITICAL=30,HIGH=120' })
  CARE_SEVERITY_SLA_MINUTES = 'CRITICAL=30,HIGH=120,MODERATE=1440,LOW=2880';

  get port(): number {
    return this.TASKS_PORT;
  }

  slaMinutesFor(severity: string): number {
    const pairs = Object.fromEntries(this.CARE_SEVERITY_SLA_MINUTES.split(',').map((pair) => pair.split('=')));
    return Number(pairs[severity] ?? pairs.LOW ?? 2880);
  }

  get alertChannels(): NotificationChannel[] {
    return this.CARE_ALERT_CHANNELS.split(',') as NotificationChannel[];
  }

  /** The supervisors of `unit`: those configured for it and those for every unit. */
  supervisorPhones(unit: string): string[] {
    return (this.CARE_SUPERVISOR_PHONES?.split(',') ?? []).flatMap((entry) => {
      const [scope, phone] = entry.includes(':') ? entry.split(':') : [undefined, entry];
      return scope === undefined || scope === unit ? [phone] : [];
    });
  }
}
