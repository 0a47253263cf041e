import { SERVICE_NAMES, type ServiceName } from '@switchboard/platform';
import fc from 'fast-check';
import { REPLICAS } from './fleet.js';

/** What the simulator does wrong during a burst (see Fault in libs/testing). */
export type BurstKind = '5xx' | '429' | 'timeout' | 'drop-callbacks' | 'triple-callbacks';
export const BURST_KINDS: BurstKind[] = ['5xx', '429', 'timeout', 'drop-callbacks', 'triple-callbacks'];

export type Fault =
  | { kind: 'kill'; atS: number; service: ServiceName; replica: number; pauseS: number }
  | { kind: 'stop'; atS: number; service: ServiceName; replica: number; pauseS: number }
  | { kind: 'nats-kill' | 'nats-older' | 'nats-wipe' | 'postgres-immediate'; atS: number; pauseS: number }
  | { kind: 'burst'; atS: number; burst: BurstKind; endpoint: string; pauseS: number };

/** Longer than any consumer's ack wait (10 s by default, 30 s the longest declared): the zombie's deliveries go elsewhere. */
export const ZOMBIE_SECONDS = 35;

const BURST_ENDPOINTS: Record<BurstKind, string[]> = {
  '5xx': ['twilio.calls.create', 'openai.transcriptions', 'openai.chat', 'twilio.recordings.fetch', 'twilio.messages.create', 'anthropic.messages'],
  '429': ['twilio.calls.create', 'openai.transcriptions', 'openai.chat', 'twilio.messages.create', 'anthropic.messages'],
  timeout: ['twilio.calls.create', 'openai.transcriptions', 'openai.chat'],
  'drop-callbacks': ['twilio.calls.create'],
  'triple-callbacks': ['twilio.calls.create'],
};

/**
 * Three lanes of faults over the campaign: each service's own (killed twice, one of them also
 * stopped), the servers' (NATS killed, rolled back to the copy taken then, wiped; PostgreSQL
 * stopped in immediate mode) and the simulator's bursts. A lane's faults follow one another; the
 * lanes overlap (a lane's fault starts at its `atS` or once the one before recovered, whichever
 * is later). Drawn by fast-check from the seed alone: same seed, same schedule.
 */
export function drawSchedule(seed: number, windowS: number): Fault[][] {
  const seconds = (min: number, max: number) => fc.integer({ min, max });
  const replica = fc.integer({ min: 0, max: REPLICAS - 1 });
  const zombie = fc.constantFrom(...SERVICE_NAMES);
  const serviceLane = (service: ServiceName, stopped: boolean) =>
    fc
      .tuple(
        fc.array(fc.record({ replica, gapS: seconds(5, Math.floor(windowS / 3)), pauseS: seconds(1, 8) }), { minLength: 2, maxLength: 2 }),
        fc.record({ replica, gapS: seconds(5, 30), position: fc.integer({ min: 0, max: 2 }) }),
      )
      .map(([kills, stop]) => {
        const steps: Omit<Extract<Fault, { kind: 'kill' | 'stop' }>, 'atS'>[] = kills.map((k) => ({ kind: 'kill', service, replica: k.replica, pauseS: k.pauseS }));
        const gaps = kills.map((k) => k.gapS);
        if (stopped) {
          steps.splice(stop.position, 0, { kind: 'stop', service, replica: stop.replica, pauseS: ZOMBIE_SECONDS });
          gaps.splice(stop.position, 0, stop.gapS);
        }
        return placed(steps, gaps);
      });
  const serverLane = fc
    .tuple(fc.array(seconds(10, 35), { minLength: 4, maxLength: 4 }), fc.array(seconds(1, 6), { minLength: 4, maxLength: 4 }), fc.boolean())
    .map(([gaps, pauses, postgresFirst]) => {
      // The rollback needs the copy the kill takes; PostgreSQL's stop goes first or last.
      const kinds = ['nats-kill', 'nats-older', 'nats-wipe'] as const;
      const order = postgresFirst ? (['postgres-immediate', ...kinds] as const) : ([...kinds, 'postgres-immediate'] as const);
      return placed(order.map((kind, i) => ({ kind, pauseS: pauses[i] })), gaps);
    });
  const burstLane = fc
    .tuple(fc.shuffledSubarray(BURST_KINDS, { minLength: BURST_KINDS.length }), fc.array(fc.record({ gapS: seconds(5, 25), pauseS: seconds(3, 10), pick: fc.nat() }), { minLength: BURST_KINDS.length, maxLength: BURST_KINDS.length }))
    .map(([kinds, draws]) =>
      placed(
        kinds.map((burst, i) => ({ kind: 'burst', burst, endpoint: BURST_ENDPOINTS[burst][draws[i].pick % BURST_ENDPOINTS[burst].length], pauseS: draws[i].pauseS })),
        draws.map((d) => d.gapS),
      ),
    );
  const schedule = zombie.chain((stopped) =>
    fc.tuple(...SERVICE_NAMES.map((service) => serviceLane(service, service === stopped)), serverLane, burstLane),
  );
  const [lanes] = fc.sample(schedule, { seed, numRuns: 1 });
  return lanes as Fault[][];
}

/** A lane's steps at the running sum of their gaps (each gap counted from the previous step's end). */
function placed<T extends { pauseS: number }>(steps: T[], gaps: number[]): (T & { atS: number })[] {
  let at = 0;
  return steps.map((step, i) => {
    at += gaps[i];
    const fault = { ...step, atS: at };
    at += step.pauseS;
    return fault;
  });
}
