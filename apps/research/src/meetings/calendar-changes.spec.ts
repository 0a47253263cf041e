import { describe, expect, it } from 'vitest';
import { isInternal, meetingDetails, meetingIdOf } from './calendar-changes.js';

describe('calendar changes', () => {
  it('attendees outside the own domains (and their subdomains) are prospects', () => {
    const details = meetingDetails(
      { id: 'e1', status: 'confirmed', summary: 'Intro', start: '2026-12-05T09:00:00Z', attendees: ['me@us.com', 'ops@eu.us.com', 'Ada.Lovelace@Acme.com'].map((email) => ({ email, self: false, organizer: false })) },
      ['us.com'],
    );
    expect(details?.prospects).toEqual([{ email: 'ada.lovelace@acme.com', name: 'Ada Lovelace', companyDomain: 'acme.com' }]);
    expect(isInternal('x@notus.com', ['us.com'])).toBe(false);
  });

  it('the same event is the same meeting on every sync', () => expect(meetingIdOf('k1', 'e1')).toBe(meetingIdOf('k1', 'e1')));
});
