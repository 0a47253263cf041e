import type { ValidationError } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import { fieldErrors } from './validation.pipe.js';

const error = (property: string, rest: Partial<ValidationError> = {}): ValidationError => ({ property, children: [], ...rest });

describe('fieldErrors', () => {
  it('names nested fields by their path, array items by index', () => {
    const errors = [
      error('name', { constraints: { isString: 'name must be a string' } }),
      error('contacts', {
        children: [
          error('1', {
            children: [error('address', { children: [error('zip', { constraints: { matches: 'zip is invalid', isString: 'zip must be a string' } })] })],
          }),
        ],
      }),
    ];
    expect(fieldErrors(errors)).toEqual([
      { field: 'name', messages: ['name must be a string'] },
      { field: 'contacts[1].address.zip', messages: ['zip is invalid', 'zip must be a string'] },
    ]);
  });
});
