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

const NAMED_IN_DETAIL = 10;

/** The problem of a request with invalid fields, of the same type a service's INVALID command answers. */
export function invalidFields(failed: FieldErrors[]): ProblemException {
  const named = failed.slice(0, NAMED_IN_DETAIL).map(({ field }) => field);
  const more = failed.length > NAMED_IN_DETAIL ? ` and ${failed.length - NAMED_IN_DETAIL} more` : '';
  return new ProblemException(HttpStatus.BAD_REQUEST, { slug: 'invalid', title: 'INVALID', detail: `invalid fields: ${named.join(', ')}${more}`, errors: failed });
}

/**
 * Requests are checked against their DTOs before a handler runs: unknown fields are refused rather
 * than dropped (a misspelt optional field would otherwise be silently ignored), and every failing
 * field is reported at once. A field stops at its first failed rule: an array over its size limit
 * is not also validated item by item (a hundred thousand items would each add an error).
 */
export const validationPipe = (): ValidationPipe =>
  new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: true,
    exceptionFactory: (errors) => invalidFields(fieldErrors(errors)),
  });
