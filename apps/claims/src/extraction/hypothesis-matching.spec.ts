import { describe, expect, it } from 'vitest';
import { matchHypothesis } from './hypothesis-matching.js';

const hypotheses = [
  { hypothesisId: 'h-1', key: 'phone-booking', statement: 'Clinics book most appointments by phone' },
  { hypothesisId: 'h-2', key: 'no-shows', statement: 'No-shows cost clinics more than an hour a day' },
];

describe('matching a claim to its hypothesis', () => {
  it('takes the key as given', () => {
    expect(matchHypothesis('no-shows', hypotheses)?.hypothesisId).toBe('h-2');
  });

  it('forgives a label that drifted in case, separators or spelling', () => {
    expect(matchHypothesis('Phone_Booking', hypotheses)?.hypothesisId).toBe('h-1');
    expect(matchHypothesis('phone-bookings', hypotheses)?.hypothesisId).toBe('h-1');
    expect(matchHypothesis('noshows', hypotheses)?.hypothesisId).toBe('h-2');
  });

  it('recognises the statement paraphrased closely', () => {
    expect(matchHypothesis('clinics book most appointments by telephone', hypotheses)?.hypothesisId).toBe('h-1');
  });

  it('matches nothing when the label is about something else', () => {
    expect(matchHypothesis('pricing', hypotheses)).toBeUndefined();
  });
});
