import { IsIn, IsInt, IsOptional, IsString, Length, Min } from 'class-validator';
import { defineEvent } from '../registry/event-definition.js';

export const OPERATOR_ACTIONS = [
  'dead-letter.redrive',
  'dead-letter.discard',
  'dead-letters.redrive-matching',
  'consumer.replay',
  'cron.run-now',
  'runs.cancel-matching',
  'runs.replay-since',
] as const;
export type OperatorActionName = (typeof OPERATOR_ACTIONS)[number];

/** An operator changed something through the ops console or its API: who, what, when (occurredAt) and why. */
export class OperatorActionRecorded {
  @IsIn(OPERATOR_ACTIONS) action: OperatorActionName;
  /** The operator key's sha256, shortened: who, without the secret. */
  @IsString() @Length(1, 64) actor: string;
  /** What was acted on: a dead letter's sequence, a filter, a consumer, a cron. */
  @IsString() @Length(1, 500) target: string;
  @IsOptional() @IsString() @Length(0, 500) reason?: string;
  /** What came of it, e.g. "redriven", "3 of 3 redriven". */
  @IsString() @Length(1, 500) outcome: string;
  @IsInt() @Min(0) affected: number;
}

export const operatorActionRecorded = defineEvent({ domain: 'gateway', aggregate: 'operator-action', event: 'recorded', version: 1, payload: OperatorActionRecorded });
