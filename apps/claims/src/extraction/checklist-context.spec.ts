import { describe, expect, it } from 'vitest';
import { rankChecklist } from './checklist-context.js';

describe('checklist context', () => {
  const checklist = ['How do patients book appointments?', 'What software runs your front desk?', 'How many no-shows a week?'];

  it('puts first what the call talked about', () => {
    const transcript = 'Callee: we lose maybe ten no-shows every week, it hurts';
    expect(rankChecklist(checklist, transcript)[0]).toBe('How many no-shows a week?');
  });

  it('keeps every item, in the given order when the call says nothing of them', () => {
    expect(rankChecklist(checklist, 'Callee: hello')).toEqual(checklist);
  });
});
