import { Logger } from '@nestjs/common';
import {
  AckPolicy,
  type ConsumerConfig,
  type ConsumerInfo,
  DeliverPolicy,
  DiscardPolicy,
  type JetStreamManager,
  nanos,
  RetentionPolicy,
  StorageType,
  type StreamConfig,
  type StreamInfo,
} from 'nats';
import { consumerName, deadLetterStreamName, deadLetterSubject, domainStreamName, subjectsOfDomain } from './names.js';
import { describeGeneration, replayGeneration } from './replay-generation.js';
import type { ReplayGenerations } from './replay-generation.store.js';

export interface ProvisioningOptions {
  namespace: string;
  /** 1 on a single server; 3 on a cluster (docs/scaling.md). */
  replicas?: number;
  /** How long JetStream remembers a Nats-Msg-Id to drop a duplicate publish. */
  duplicateWindowMs?: number;
  /** Where replay generations outlive their consumers; needed by `ensureConsumer`. */
  generations?: ReplayGenerations;
}

export interface ConsumerSpec {
  /** `<service>-<purpose>`, e.g. `transcription-recordings`; the namespace is prefixed here. */
  durable: string;
  domain: string;
  filterSubject: string;
  ackWaitMs: number;
  maxDeliver: number;
  maxAckPending: number;
}

const NOT_FOUND = 10059;
const logger = new Logger('JetStreamProvisioner');

/** Creates or updates streams and durable consumers so that start-up is idempotent. */
export class JetStreamProvisioner {
  constructor(
    private readonly jsm: JetStreamManager,
    private readonly options: ProvisioningOptions,
  ) {}

  /** The domain's stream, created if missing: file storage, no message deletes or purges. */
  ensureDomainStream(domain: string): Promise<StreamInfo> {
    return this.ensureStream({
      name: domainStreamName(this.options.namespace, domain),
      subjects: [subjectsOfDomain(this.options.namespace, domain)],
    });
  }

  /** Unlike the domain streams, a dead letter can be deleted: redriving one removes it. */
  ensureDeadLetterStream(): Promise<StreamInfo> {
    return this.ensureStream(
      { name: deadLetterStreamName(this.options.namespace), subjects: [deadLetterSubject(this.options.namespace, '>')] },
      { deny_delete: false },
    );
  }

  async streamInfo(domain: string): Promise<StreamInfo | undefined> {
    try {
      return await this.jsm.streams.info(domainStreamName(this.options.namespace, domain));
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  /**
   * The durable consumer of a handler, created or brought in line with the spec. Its replay
   * generation comes from the consumer's description or, when the consumer was lost, from the
   * PostgreSQL record, so a recreated consumer keeps the inbox key it had (replay-generation.ts).
   */
  async ensureConsumer(spec: ConsumerSpec): Promise<string> {
    const generations = this.options.generations;
    if (!generations) throw new Error('ensureConsumer needs ProvisioningOptions.generations');
    const stream = (await this.ensureDomainStream(spec.domain)).config.name;
    const name = consumerName(this.options.namespace, spec.durable);
    const existing = await this.consumerInfo(stream, name);
    const generation = Math.max(await generations.latest(name), replayGeneration(existing?.config.description));
    await generations.record(name, generation);
    const settings = {
      ack_wait: nanos(spec.ackWaitMs),
      max_deliver: spec.maxDeliver,
      max_ack_pending: spec.maxAckPending,
      description: describeGeneration(generation),
    };
    const filter = existing && keptFilter(existing.config.filter_subject, spec.filterSubject);
    if (existing && filter === existing.config.filter_subject) {
      if (filter !== spec.filterSubject) {
        logger.warn(`consumer ${name} keeps the newer ${filter}: this replica handles ${spec.filterSubject}`);
      }
      await this.jsm.consumers.update(stream, name, { ...existing.config, ...settings });
      return name;
    }
    if (existing) {
      // JetStream 2.9 would change the filter in place, but keeps the position: events of the new
      // subject behind it (published before this deploy) would never be delivered. Recreated from
      // the stream's start under the same generation, the inbox absorbs what was already handled.
      logger.warn(`consumer ${name} moves from ${existing.config.filter_subject} to ${spec.filterSubject}: recreated`);
      await this.jsm.consumers.delete(stream, name).catch((error) => {
        if (!isNotFound(error)) throw error;
      });
    }
    await this.addConsumer(stream, {
      durable_name: name,
      filter_subject: spec.filterSubject,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      ...settings,
    });
    return name;
  }

  private async consumerInfo(stream: string, name: string): Promise<ConsumerInfo | undefined> {
    try {
      return await this.jsm.consumers.info(stream, name);
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  /** Another replica may create the same consumer at once; identical configs are accepted by JetStream. */
  private async addConsumer(stream: string, config: Partial<ConsumerConfig>): Promise<void> {
    try {
      await this.jsm.consumers.add(stream, config);
    } catch (error) {
      const now = await this.consumerInfo(stream, config.durable_name!);
      if (!now || now.config.filter_subject !== config.filter_subject) throw error;
      await this.jsm.consumers.update(stream, config.durable_name!, { ...now.config, ...config });
    }
  }

  private async ensureStream(
    identity: Pick<StreamConfig, 'name' | 'subjects'>,
    overrides: Partial<StreamConfig> = {},
  ): Promise<StreamInfo> {
    const config: Partial<StreamConfig> = {
      ...identity,
      storage: StorageType.File,
      retention: RetentionPolicy.Limits,
      discard: DiscardPolicy.Old,
      num_replicas: this.options.replicas ?? 1,
      duplicate_window: nanos(this.options.duplicateWindowMs ?? 120_000),
      deny_delete: true,
      deny_purge: true,
      ...overrides,
    };
    let existing: StreamInfo;
    try {
      existing = await this.jsm.streams.info(identity.name);
    } catch (error) {
      if (!isNotFound(error)) throw error;
      return this.jsm.streams.add(config);
    }
    if (sameSettings(existing.config, config)) return existing;
    try {
      return await this.jsm.streams.update(identity.name, { ...existing.config, ...config });
    } catch (error) {
      // Some settings cannot be relaxed once set (deny_delete): keep the stream as it is.
      logger.warn(`stream ${identity.name} keeps its current settings: ${String(error)}`);
      return existing;
    }
  }
}

/**
 * The filter a consumer keeps: the wanted one, except that an older version of the same event
 * never replaces a newer one, so replicas of both releases in a rolling deploy do not pull the
 * consumer back and forth (each move redelivers the subject's history).
 */
export function keptFilter(current: string | undefined, wanted: string): string {
  const now = versioned(current ?? '');
  const next = versioned(wanted);
  if (now && next && now.event === next.event && now.version > next.version) return current!;
  return wanted;
}

function versioned(subject: string): { event: string; version: number } | undefined {
  const match = /^(.*)\.v(\d+)$/.exec(subject);
  return match ? { event: match[1], version: Number(match[2]) } : undefined;
}

function sameSettings(existing: StreamConfig, wanted: Partial<StreamConfig>): boolean {
  return (Object.keys(wanted) as (keyof StreamConfig)[]).every(
    (key) => JSON.stringify(existing[key]) === JSON.stringify(wanted[key]),
  );
}

export function isNotFound(error: unknown): boolean {
  const api = (error as { api_error?: { err_code?: number; code?: number } }).api_error;
  return api?.code === 404 || api?.err_code === NOT_FOUND || /not found/i.test(String(error));
}
