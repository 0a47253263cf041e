import { defineEvent, EventRegistry } from '@switchboard/contracts';
import { IsInt, IsString } from 'class-validator';
import type { StepInput } from '../chain4-system.js';

export class Chain4Step implements StepInput {
  @IsString() workflowId: string;
  @IsInt() step: number;
  @IsString() data: string;
}

/** The bench's client service, which starts workflows; then one service per step, named after what it mirrors. */
export const CLIENT_SERVICE = 'c4client';
export const STEP_SERVICES = ['c4call', 'c4transcribe', 'c4extract', 'c4validate'] as const;

const workflowEvent = <const D extends string, const E extends string>(domain: D, event: E) =>
  defineEvent({ domain, aggregate: 'workflow', event, version: 1, payload: Chain4Step });

export const workflowStarted = workflowEvent(CLIENT_SERVICE, 'started');

/** `emitted[n - 1]` is what step n appends (step 4 appends nothing), `triggers[n - 1]` what it handles. */
export const emitted = [
  workflowEvent('c4call', 'called'),
  workflowEvent('c4transcribe', 'transcribed'),
  workflowEvent('c4extract', 'extracted'),
] as const;
export const triggers = [workflowStarted, ...emitted];

export const chain4Registry = () => new EventRegistry().register(...triggers);

export const workflowStream = (workflowId: string) => `workflow-${workflowId}`;
