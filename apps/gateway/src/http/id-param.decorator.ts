import { Param, ParseUUIDPipe } from '@nestjs/common';
import { invalidFields } from './validation.pipe.js';

/**
 * A resource id from the path: a UUID, or 400 naming the parameter. Checked at the edge, so that
 * nothing a path can hold (`%00`, `..%2f`, a megabyte of text) reaches a service or its database.
 */
export const IdParam = (name = 'id'): ParameterDecorator =>
  Param(name, new ParseUUIDPipe({ exceptionFactory: () => invalidFields([{ field: name, messages: [`${name} must be a UUID`] }]) }));
