/**
 * JetStream names, namespaced so environments and test runs sharing one server never meet:
 * streams `<NS>_<DOMAIN>`, subjects `<ns>.<domain>.…`, consumers `<ns>_<service>-<purpose>`.
 */

const prefix = (namespace: string) => (namespace ? `${namespace}.` : '');

export const domainStreamName = (namespace: string, domain: string): string =>
  (namespace ? `${namespace}_${domain}` : domain).toUpperCase();

export const subjectsOfDomain = (namespace: string, domain: string): string => `${prefix(namespace)}${domain}.>`;

/** The wire subject of an event subject such as `telephony.call.completed.v1`. */
export const wireSubject = (namespace: string, subject: string): string => `${prefix(namespace)}${subject}`;

/** The event subject back from a wire subject. */
export const eventSubject = (namespace: string, wire: string): string => wire.slice(prefix(namespace).length);

export const deadLetterStreamName = (namespace: string): string => domainStreamName(namespace, 'dlq');

export const deadLetterSubject = (namespace: string, consumer: string): string =>
  `${prefix(namespace)}dlq.${consumer}`;

export const consumerName = (namespace: string, durable: string): string =>
  namespace ? `${namespace}_${durable}` : durable;

/** Core-NATS subject of a command (request/reply), e.g. `cmd.claims.campaign.create`. */
export const commandSubject = (namespace: string, command: string): string => `${prefix(namespace)}cmd.${command}`;
