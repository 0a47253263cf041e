import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/**
 * An optional whole-number query parameter within [min, max] (a query string arrives as text, so it
 * is converted first), documented with its bounds and the default the handler applies when absent.
 */
export const IntQuery = (bounds: { min: number; max: number; default: number; description?: string }): PropertyDecorator =>
  applyDecorators(
    ApiPropertyOptional({ minimum: bounds.min, maximum: bounds.max, default: bounds.default, description: bounds.description }),
    IsOptional(),
    Type(() => Number),
    IsInt(),
    Min(bounds.min),
    Max(bounds.max),
  );
