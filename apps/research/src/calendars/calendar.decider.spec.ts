import { calendarConnected, calendarConnectionBroken, calendarSynced, calendarWatchExpired, calendarWatchRequested, calendarWatchStarted } from '@switchboard/contracts';
import { DeciderSpecification } from '@switchboard/event-store';
import { describe, it } from 'vitest';
import { calendarDecider } from './calendar.decider.js';

const spec = DeciderSpecification.for(calendarDecider);
const connected = calendarConnected.create({ connectionId: 'k1', campaignId: 'c1', calendarId: 'primary', ownerEmail: 'owner@us.com' });
const requested = calendarWatchRequested.create({ connectionId: 'k1', channelId: 'ch1' });
const started = calendarWatchStarted.create({ connectionId: 'k1', channelId: 'ch1', resourceId: 'res1', expiresAt: '2026-12-10T00:00:00.000Z' });

describe('calendar decider', () => {
  it('a watch is confirmed once, and only for the channel asked for last', () => {
    spec.given([connected, requested]).when({ type: 'record-watch', channelId: 'ch1', resourceId: 'res1', expiresAt: '2026-12-10T00:00:00.000Z' }).then([started]);
    spec.given([connected, requested, started]).when({ type: 'record-watch', channelId: 'ch1', resourceId: 'res1', expiresAt: '2026-12-10T00:00:00.000Z' }).then([]);
    spec.given([connected, requested, calendarWatchRequested.create({ connectionId: 'k1', channelId: 'ch2' })])
      .when({ type: 'record-watch', channelId: 'ch1', resourceId: 'res1', expiresAt: '2026-12-10T00:00:00.000Z' })
      .then([]);
  });

  it('a failed renewal expires the watch once', () => {
    spec.given([connected, requested, started]).when({ type: 'expire-watch', channelId: 'ch1', reason: 'x' }).then([calendarWatchExpired.create({ connectionId: 'k1', channelId: 'ch1', reason: 'x' })]);
    spec.given([connected, requested, started, calendarWatchExpired.create({ connectionId: 'k1', channelId: 'ch1', reason: 'x' })]).when({ type: 'expire-watch', channelId: 'ch1', reason: 'x' }).then([]);
  });

  it('a broken connection breaks once and records no more syncs', () => {
    const broken = calendarConnectionBroken.create({ connectionId: 'k1', reason: 'invalid_grant' });
    spec.given([connected]).when({ type: 'break', reason: 'invalid_grant' }).then([broken]);
    spec.given([connected, broken]).when({ type: 'break', reason: 'again' }).then([]);
    spec.given([connected, broken]).when({ type: 'record-sync', syncToken: 's', fullResync: false, changedEvents: 0 }).then([]);
    spec.given([connected]).when({ type: 'record-sync', syncToken: 's', fullResync: true, changedEvents: 2 }).then([calendarSynced.create({ connectionId: 'k1', syncToken: 's', fullResync: true, changedEvents: 2 })]);
  });
});
