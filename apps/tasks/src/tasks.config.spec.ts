import { validateSync } from 'class-validator';
import { describe, expect, it } from 'vitest';
import { TasksConfig } from './tasks.config.js';

const config = (supervisors: string) => Object.assign(new TasksConfig(), { CARE_SUPERVISOR_PHONES: supervisors });

describe('TasksConfig', () => {
  it("gives a unit's breaches to its own supervisors and to those of every unit", () => {
    const c = config('+15550001111,cardiology:+15550002222,icu:+15550003333');
    expect(c.supervisorPhones('cardiology')).toEqual(['+15550001111', '+15550002222']);
    expect(c.supervisorPhones('general')).toEqual(['+15550001111']);
    expect(validateSync(c).map((e) => e.property)).toEqual([]);
  });

  it('refuses a malformed list, and reads SLA minutes by severity', () => {
    expect(validateSync(config('cardiology:5550001111')).map((e) => e.property)).toEqual(['CARE_SUPERVISOR_PHONES']);
    expect(new TasksConfig().slaMinutesFor('CRITICAL')).toBe(30);
    expect(new TasksConfig().slaMinutesFor('HIGH')).toBe(120);
  });

  it('reads the alert channels in order, and refuses a list without a phone channel', () => {
    expect(new TasksConfig().alertChannels).toEqual(['push', 'sms', 'voice']);
    const channels = (list: string) => validateSync(Object.assign(new TasksConfig(), { CARE_ALERT_CHANNELS: list })).map((e) => e.property);
    expect(channels('push,email')).toEqual(['CARE_ALERT_CHANNELS']);
    expect(channels('push,fax')).toEqual(['CARE_ALERT_CHANNELS']);
    expect(channels('email,sms')).toEqual([]);
  });
});
