import { episodeAdmitted, episodeDischarged, patientContactUpdated, patientOptedIn, patientOptedOut, patientRegistered } from '@switchboard/contracts';
import { DeciderSpecification } from '@switchboard/event-store';
import { describe, it } from 'vitest';
import { episodeDecider, patientDecider, PatientRuleViolation } from './patient.decider.js';

const patient = { patientId: 'p-1', name: 'Alan', phone: '+15550001111', timezone: 'Europe/London', preferredChannel: 'sms' as const, unit: 'general' };
const registered = patientRegistered.create(patient);

describe('Patient decider', () => {
  it('is registered once', () => {
    DeciderSpecification.for(patientDecider).given([]).when({ type: 'register', ...patient }).then([registered]);
    DeciderSpecification.for(patientDecider).given([registered]).when({ type: 'register', ...patient }).then([]);
  });

  it('records only what an update changes', () => {
    DeciderSpecification.for(patientDecider)
      .given([registered])
      .when({ type: 'update-contact', phone: patient.phone, preferredChannel: 'whatsapp' })
      .then([patientContactUpdated.create({ patientId: 'p-1', preferredChannel: 'whatsapp' })]);
    DeciderSpecification.for(patientDecider).given([registered]).when({ type: 'update-contact', timezone: patient.timezone }).then([]);
  });

  it('opts out on STOP and back in on START, each only when it changes something', () => {
    const out = patientOptedOut.create({ patientId: 'p-1', keyword: 'STOP' });
    DeciderSpecification.for(patientDecider).given([registered]).when({ type: 'opt-out', keyword: 'STOP' }).then([out]);
    DeciderSpecification.for(patientDecider).given([registered, out]).when({ type: 'opt-out', keyword: 'STOP' }).then([]);
    DeciderSpecification.for(patientDecider).given([registered]).when({ type: 'opt-in', keyword: 'START' }).then([]);
    DeciderSpecification.for(patientDecider).given([registered, out]).when({ type: 'opt-in', keyword: 'START' }).then([patientOptedIn.create({ patientId: 'p-1', keyword: 'START' })]);
    DeciderSpecification.for(patientDecider).given([]).when({ type: 'opt-out', keyword: 'STOP' }).thenThrows(PatientRuleViolation);
  });
});

describe('Episode decider', () => {
  const admitted = episodeAdmitted.create({ episodeId: 'e-1', patientId: 'p-1', admittedAt: '2026-12-01T10:00:00Z' });
  it('is discharged once, naming its check-in', () => {
    const discharged = episodeDischarged.create({ episodeId: 'e-1', patientId: 'p-1', checkInId: 'c-1', dischargedAt: '2026-12-04T10:00:00Z' });
    DeciderSpecification.for(episodeDecider).given([admitted]).when({ type: 'discharge', checkInId: 'c-1', dischargedAt: '2026-12-04T10:00:00Z' }).then([discharged]);
    DeciderSpecification.for(episodeDecider).given([admitted, discharged]).when({ type: 'discharge', checkInId: 'c-2', dischargedAt: '2026-12-04T11:00:00Z' }).then([]);
    DeciderSpecification.for(episodeDecider).given([]).when({ type: 'discharge', checkInId: 'c-1', dischargedAt: '2026-12-04T10:00:00Z' }).thenThrows(PatientRuleViolation);
  });
});
