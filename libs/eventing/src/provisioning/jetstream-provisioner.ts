import { Logger } from '@nestjs/common';
import {
  AckPolicy,
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

export interface ProvisioningOptions {
  namespace: string;
  /** 1 on a single server; 3 on a cluster (docs/scaling.md). */
  replicas?: number;
  /** How long JetStream remembers a Nats-Msg-Id to drop a duplicate publish. */
  duplicateWindowMs?: number;
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

  async ensureConsumer(spec: ConsumerSpec): Promise<string> {
    const stream = (await this.ensureDomainStream(spec.domain)).config.name;
    const name = consumerName(this.options.namespace, spec.durable);
    const config = {
      durable_name: name,
      filter_subject: spec.filterSubject,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      ack_wait: nanos(spec.ackWaitMs),
      max_deliver: spec.maxDeliver,
      max_ack_pending: spec.maxAckPending,
    };
    try {
      const existing = await this.jsm.consumers.info(stream, name);
      const { ack_wait, max_deliver, max_ack_pending } = config;
      await this.jsm.consumers.update(stream, name, { ...existing.config, ack_wait, max_deliver, max_ack_pending });
    } catch (error) {
      if (!isNotFound(error)) throw error;
      await this.jsm.consumers.add(stream, config);
    }
    return name;
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

function sameSettings(existing: StreamConfig, wanted: Partial<StreamConfig>): boolean {
  return (Object.keys(wanted) as (keyof StreamConfig)[]).every(
    (key) => JSON.stringify(existing[key]) === JSON.stringify(wanted[key]),
  );
}

export function isNotFound(error: unknown): boolean {
  const api = (error as { api_error?: { err_code?: number; code?: number } }).api_error;
  return api?.code === 404 || api?.err_code === NOT_FOUND || /not found/i.test(String(error));
}
