import { CommandError } from '@switchboard/eventing';
import { describe, expect, it } from 'vitest';
import { problemFor } from './command-problem.js';

describe('problemFor', () => {
  it.each([
    ['NOT_FOUND', 404],
    ['CONFLICT', 409],
    ['INVALID', 400],
    ['UNAVAILABLE', 503],
    ['TIMEOUT', 504],
    ['INTERNAL', 500],
  ] as const)('maps %s to HTTP %i', (code, status) => {
    expect(problemFor(new CommandError(code, 'x')).status).toBe(status);
  });

  it('keeps field errors for a client to act on', () => {
    const details = [{ field: 'phone', problems: { isE164: 'phone must be E.164' } }];
    expect(problemFor(new CommandError('INVALID', 'invalid command', details)).body).toMatchObject({
      status: 400,
      detail: 'invalid command',
      errors: details,
    });
  });

  it('does not leak internal error messages', () => {
    const { body } = problemFor(new CommandError('INTERNAL', 'relation "secret_table" does not exist'));
    expect(JSON.stringify(body)).not.toContain('secret_table');
  });
});
