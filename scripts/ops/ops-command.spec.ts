import { describe, expect, it } from 'vitest';
import { UsageError } from '../cli/cli-args.js';
import { wholeNumber } from './ops-command.js';

describe('wholeNumber', () => {
  it('reads digits', () => {
    expect(wholeNumber('--from-seq', '42')).toBe(42);
    expect(wholeNumber('--from-seq', '0')).toBe(0);
  });

  it.each(['abc', '', '1e3', '-1', '1.5', ' 7', '0x10'])('refuses %j, which Number() would have let through or made NaN', (raw) => {
    expect(() => wholeNumber('--from-seq', raw)).toThrow(new UsageError(`--from-seq must be a whole number, not '${raw}'`));
  });
});
