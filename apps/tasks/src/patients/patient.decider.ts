import {
  type EpisodeAdmitted,
  episodeAdmitted,
  type EpisodeDischarged,
  episodeDischarged,
  type NewEvent,
  type PatientContactUpdated,
  patientContactUpdated,
  type PatientOptedIn,
  patientOptedIn,
  type PatientOptedOut,
  patientOptedOut,
  type PatientRegistered,
  patientRegistered,
} from '@switchboard/contracts';
import type { Decider } from '@switchboard/event-store';
import { changed } from '../staffing/staffing.decider.js';

export class PatientRuleViolation extends Error {
  override name = 'PatientRuleViolation';
  constructor(
    message: string,
    readonly kind: 'conflict' | 'not-found' = 'conflict',
  ) {
    super(message);
  }
}

export type PatientEvent =
  | NewEvent<PatientRegistered, typeof patientRegistered.type>
  | NewEvent<PatientContactUpdated, typeof patientContactUpdated.type>
  | NewEvent<PatientOptedOut, typeof patientOptedOut.type>
  | NewEvent<PatientOptedIn, typeof patientOptedIn.type>;
export type PatientCommand =
  | ({ type: 'register' } & PatientRegistered)
  | ({ type: 'update-contact' } & Omit<PatientContactUpdated, 'patientId'>)
  | { type: 'opt-out'; keyword: string }
  | { type: 'opt-in'; keyword: string };
export interface PatientState {
  patient?: PatientRegistered;
  optedOut: boolean;
}

/** A patient: registered once; STOP opts them out of every message, START back in (each only when it changes something). */
export const patientDecider: Decider<PatientCommand, PatientEvent, PatientState> = {
  initialState: () => ({ optedOut: false }),
  decide: (command, state) => {
    if (command.type === 'register') {
      const { type: _, ...patient } = command;
      return state.patient ? [] : [patientRegistered.create(patient)];
    }
    if (!state.patient) throw new PatientRuleViolation('no such patient', 'not-found');
    const { patientId } = state.patient;
    if (command.type === 'update-contact') {
      const { type: _, ...fields } = command;
      const diff = changed(state.patient, fields);
      return diff ? [patientContactUpdated.create({ patientId, ...diff })] : [];
    }
    if (command.type === 'opt-out') return state.optedOut ? [] : [patientOptedOut.create({ patientId, keyword: command.keyword })];
    return state.optedOut ? [patientOptedIn.create({ patientId, keyword: command.keyword })] : [];
  },
  evolve: (state, event) => {
    switch (event.type) {
      case patientRegistered.type:
        return { ...state, patient: event.payload };
      case patientContactUpdated.type:
        return { ...state, patient: { ...state.patient!, ...event.payload } };
      case patientOptedOut.type:
        return { ...state, optedOut: true };
      case patientOptedIn.type:
        return { ...state, optedOut: false };
    }
  },
};

export type EpisodeEvent = NewEvent<EpisodeAdmitted, typeof episodeAdmitted.type> | NewEvent<EpisodeDischarged, typeof episodeDischarged.type>;
export type EpisodeCommand = ({ type: 'admit' } & EpisodeAdmitted) | { type: 'discharge'; checkInId: string; dischargedAt: string };
export interface EpisodeState {
  episode?: EpisodeAdmitted;
  discharged?: EpisodeDischarged;
}

/** An episode of care: admitted, then discharged once (which starts the check-in). */
export const episodeDecider: Decider<EpisodeCommand, EpisodeEvent, EpisodeState> = {
  initialState: () => ({}),
  decide: (command, state) => {
    if (command.type === 'admit') {
      const { type: _, ...episode } = command;
      return state.episode ? [] : [episodeAdmitted.create(episode)];
    }
    if (!state.episode) throw new PatientRuleViolation('no such episode', 'not-found');
    if (state.discharged) return [];
    const { episodeId, patientId } = state.episode;
    return [episodeDischarged.create({ episodeId, patientId, checkInId: command.checkInId, dischargedAt: command.dischargedAt })];
  },
  evolve: (state, event) => (event.type === episodeAdmitted.type ? { ...state, episode: event.payload } : { ...state, discharged: event.payload }),
};
