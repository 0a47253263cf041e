import { describe, expect, it } from 'vitest';
import { onFirstUse } from './on-first-use.js';

describe('onFirstUse', () => {
  it('makes nothing until first called, then makes once and gives the same thing every time', async () => {
    let made = 0;
    const client = onFirstUse(async () => ({ id: ++made }));
    expect(made).toBe(0);
    const [first, second] = await Promise.all([client(), client()]);
    expect(made).toBe(1);
    expect(second).toBe(first);
    expect(await client()).toBe(first);
  });
});
