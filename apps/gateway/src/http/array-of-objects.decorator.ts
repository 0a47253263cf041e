import { applyDecorators } from '@nestjs/common';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsObject, ValidateNested } from 'class-validator';

/**
 * An array of at most `max` objects, each validated as `type`. IsObject on each item matters:
 * ValidateNested alone descends into a nested array and passes `[[]]`, an item with no fields.
 */
export const ArrayOfObjects = (type: () => new () => object, bounds: { min?: number; max: number }): PropertyDecorator =>
  applyDecorators(
    IsArray(),
    ...(bounds.min === undefined ? [] : [ArrayMinSize(bounds.min)]),
    ArrayMaxSize(bounds.max),
    IsObject({ each: true, message: ({ property }) => `each item of ${property} must be an object` }),
    ValidateNested({ each: true }),
    Type(type),
  );
