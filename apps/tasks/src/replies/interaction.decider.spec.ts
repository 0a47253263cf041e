import { interactionEscalated, interactionTriaged } from '@switchboard/contracts';
import { DeciderSpecification } from '@switchboard/event-store';
import { describe, it } from 'vitest';
import { interactionDecider } from './interaction.decider.js';

const triage = (severity: 'LOW' | 'HIGH') => ({
  interactionId: 'i-1',
  patientId: 'p-1',
  channel: 'sms' as const,
  severity,
  reasonCodes: ['CHEST_PAIN'],
  summary: 'Chest pain',
  triagedBy: 'rules',
});

describe('Interaction decider', () => {
  it('escalates MODERATE or worse to the task it names, once', () => {
    const triaged = interactionTriaged.create(triage('HIGH'));
    const escalated = interactionEscalated.create({ interactionId: 'i-1', patientId: 'p-1', severity: 'HIGH', reasonCodes: ['CHEST_PAIN'], taskId: 't-1' });
    DeciderSpecification.for(interactionDecider).given([]).when({ type: 'triage', triage: triage('HIGH'), escalationTaskId: 't-1' }).then([triaged, escalated]);
    DeciderSpecification.for(interactionDecider).given([triaged, escalated]).when({ type: 'triage', triage: triage('HIGH'), escalationTaskId: 't-1' }).then([]);
  });

  it('only records a LOW reply', () => {
    DeciderSpecification.for(interactionDecider).given([]).when({ type: 'triage', triage: triage('LOW'), escalationTaskId: 't-1' }).then([interactionTriaged.create(triage('LOW'))]);
  });
});
