import { applyDecorators } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';

/** A TCP port read from the environment. */
export const IsPortNumber = () => applyDecorators(Type(() => Number), IsInt(), Min(1), Max(65535));
