import { HttpStatus, ValidationPipe, type ValidationError } from '@nestjs/common';
import { ProblemException } from './problem.exception.js';

export interface FieldErrors {
  /** The field's path in the request, e.g. `contacts[1].phone`. */
  field: string;
  messages: string[];
}

/** Every failed field, nested ones named by their path from the root of the request. */
export function fieldErrors(errors: ValidationError[], parent = ''): FieldErrors[] {
  return errors.flatMap((error) => {
    const field = /^\d+$/.test(error.property) ? `${parent}[${error.property}]` : parent ? `${parent}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, messages: Object.values(error.constraints) }] : [];
    return [...own, ...fieldErrors(error.children ?? [], field)];
  });
}

/**
 * Requests are checked against their DTOs before a handler runs: unknown fields are refused rather
 * than dropped (a misspelt optional field would otherwise be silently ignored), and every failing
 * field is reported at once, as a problem of the same type a service's INVALID command answers.
 */
export const validationPipe = (): ValidationPipe =>
  new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => {
      const failed = fieldErrors(errors);
      return new ProblemException(HttpStatus.BAD_REQUEST, {
        slug: 'invalid',
        title: 'INVALID',
        detail: `invalid fields: ${failed.map(({ field }) => field).join(', ')}`,
        errors: failed,
      });
    },
  });
