import type { NewEvent } from '@switchboard/contracts';
import type { Decider } from './decider.js';

/**
 * Given/when/then for deciders, with no I/O:
 * `DeciderSpecification.for(callDecider).given([queued]).when(dial).then([dialing])`.
 */
export const DeciderSpecification = {
  for<C, E extends NewEvent, S>(decider: Decider<C, E, S>) {
    return {
      given(history: E[]) {
        return {
          when(command: C) {
            const run = () => decider.decide(command, history.reduce(decider.evolve, decider.initialState()));
            return {
              then(expected: E[]): void {
                const actual = run();
                if (JSON.stringify(actual) !== JSON.stringify(expected)) {
                  throw new Error(`expected events ${JSON.stringify(expected)}\n     but got ${JSON.stringify(actual)}`);
                }
              },
              thenThrows(errorClass: abstract new (...args: never[]) => Error, message?: RegExp): void {
                try {
                  run();
                } catch (error) {
                  if (!(error instanceof errorClass)) throw error;
                  if (message && !message.test(error.message)) throw new Error(`"${error.message}" does not match ${message}`);
                  return;
                }
                throw new Error(`expected ${errorClass.name} but events were decided`);
              },
            };
          },
        };
      },
    };
  },
};
