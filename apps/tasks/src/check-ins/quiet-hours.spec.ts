import { describe, expect, it } from 'vitest';
import { quietUntil } from './quiet-hours.js';

describe('quietUntil', () => {
  const night = { start: '21:00', end: '08:00' };
  it('defers a message at 23:30 in New York to 08:00 there', () => {
    // 23:30 EST is 04:30 UTC the next day; 08:00 EST is 13:00 UTC.
    expect(quietUntil(new Date('2026-12-05T04:30:00Z'), 'America/New_York', night)?.toISOString()).toBe('2026-12-05T13:00:00.000Z');
  });
  it('sends at once outside quiet hours, or with none', () => {
    expect(quietUntil(new Date('2026-12-04T15:00:00Z'), 'America/New_York', night)).toBeUndefined();
    expect(quietUntil(new Date('2026-12-05T04:30:00Z'), 'America/New_York')).toBeUndefined();
  });
  it('handles a window that does not wrap midnight', () => {
    expect(quietUntil(new Date('2026-12-04T13:15:00Z'), 'UTC', { start: '13:00', end: '14:00' })?.toISOString()).toBe('2026-12-04T14:00:00.000Z');
  });
});
