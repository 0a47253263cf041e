import type { ProviderSimulator, Fault as SimulatorFault } from '@switchboard/testing';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Fleet } from './fleet.js';
import type { OwnNats, OwnPostgres } from './own-servers.js';
import type { BurstKind, Fault } from './schedule.js';

export interface FaultOutcome {
  fault: string;
  plannedS: number;
  startedS: number;
  /** From the fault's end (the process started again, the burst over) to the system whole again. */
  recoverS?: number;
  error?: string;
}

export interface FaultTargets {
  fleet: Fleet;
  nats: OwnNats;
  postgres: OwnPostgres;
  simulator: ProviderSimulator;
  /** What an endpoint does between bursts (its base latency). */
  baseFault: (endpoint: string) => SimulatorFault;
  /** Resolves once every replica is healthy and every stored event is on its stream. */
  caughtUp: () => Promise<void>;
}

const BURSTS: Record<BurstKind, (endpoint: string) => SimulatorFault> = {
  '5xx': () => ({ status: 503 }),
  '429': () => ({ status: 429, retryAfterSeconds: 1 }),
  // Past the adapters' 30 s timeout; a call is placed all the same, and the dialer must find it again.
  timeout: (endpoint) => (endpoint === 'twilio.calls.create' ? { delayAnswerMs: 35_000 } : { latencyMs: 35_000 }),
  'drop-callbacks': () => ({ dropStatusCallbacks: true, dropRecordingCallbacks: true }),
  'triple-callbacks': () => ({ duplicateWebhooks: 3 }),
};

export const describeFault = (fault: Fault, fleet: Fleet): string => {
  switch (fault.kind) {
    case 'kill':
      return `SIGKILL ${fleet.labelOf(fleet.replicas.find((r) => r.service === fault.service && r.index === fault.replica)!)}, restart after ${fault.pauseS} s`;
    case 'stop':
      return `SIGSTOP ${fleet.labelOf(fleet.replicas.find((r) => r.service === fault.service && r.index === fault.replica)!)} ${fault.pauseS} s, SIGCONT`;
    case 'burst':
      return `simulator ${fault.burst} on ${fault.endpoint} for ${fault.pauseS} s`;
    case 'nats-kill':
      return `NATS SIGKILL, restart after ${fault.pauseS} s`;
    case 'nats-older':
      return `NATS restarted from an older copy of its data`;
    case 'nats-wipe':
      return `NATS restarted with its data wiped`;
    case 'postgres-immediate':
      return `PostgreSQL stop -m immediate, start after ${fault.pauseS} s`;
  }
};

/** Does the fault, undoes it after its pause, and measures how long the system takes to be whole again. */
export async function inflict(fault: Fault, targets: FaultTargets): Promise<number> {
  const { fleet, nats, postgres, simulator } = targets;
  const replica = 'service' in fault ? fleet.replicas.find((r) => r.service === fault.service && r.index === fault.replica)! : undefined;
  switch (fault.kind) {
    case 'kill': {
      await fleet.kill(replica!);
      await sleep(fault.pauseS * 1000);
      const restarted = Date.now();
      await fleet.startReplica(replica!);
      return Date.now() - restarted;
    }
    case 'stop': {
      fleet.signal(replica!, 'SIGSTOP');
      await sleep(fault.pauseS * 1000);
      fleet.signal(replica!, 'SIGCONT');
      const woken = Date.now();
      await fleet.waitHealthy(replica!);
      return Date.now() - woken;
    }
    case 'burst': {
      simulator.state.setFault(fault.endpoint, BURSTS[fault.burst](fault.endpoint));
      await sleep(fault.pauseS * 1000);
      simulator.state.setFault(fault.endpoint, targets.baseFault(fault.endpoint));
      const over = Date.now();
      await targets.caughtUp();
      return Date.now() - over;
    }
    case 'postgres-immediate': {
      await postgres.stopImmediately();
      await sleep(fault.pauseS * 1000);
      await postgres.start();
      const started = Date.now();
      await targets.caughtUp();
      return Date.now() - started;
    }
    default: {
      await nats.kill();
      if (fault.kind === 'nats-kill') nats.keepOlderCopy();
      if (fault.kind === 'nats-older') nats.restoreOlderCopy();
      if (fault.kind === 'nats-wipe') nats.wipeData();
      await sleep(fault.pauseS * 1000);
      await nats.start();
      const started = Date.now();
      await targets.caughtUp();
      return Date.now() - started;
    }
  }
}
