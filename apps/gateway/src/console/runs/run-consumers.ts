import type { RunKind } from '@switchboard/contracts';
import { names } from '@switchboard/eventing';

/** The prefix of the console's own read-model consumers: replaying them only reads again what it already keeps. */
const CONSOLE_FEED = 'gateway-console-';

/** Whether a NATS filter subject covers an event type at any version (`<type>.v<N>`). */
function covers(filter: string, type: string, namespace: string): boolean {
  const want = names.wireSubject(namespace, `${type}.v*`).split('.');
  const have = filter.split('.');
  for (const [i, token] of have.entries()) {
    if (token === '>') return i < want.length;
    const wanted = want[i];
    if (wanted === undefined) return false;
    if (token === '*') continue;
    if (i === want.length - 1 ? !/^v\d+$/.test(token) : token !== wanted) return false;
  }
  return have.length === want.length;
}

/** The services' durable consumers that handle some event of a run kind: what replaying its runs rewinds. */
export function consumersOfKind<C extends { consumer: string; filter: string }>(consumers: readonly C[], kind: RunKind, namespace: string): C[] {
  const types = [...new Set([...kind.starts, ...Object.keys(kind.steps), ...Object.keys(kind.ends), ...kind.failures])];
  return consumers.filter(
    (state) => !state.consumer.startsWith(names.consumerName(namespace, CONSOLE_FEED)) && types.some((type) => covers(state.filter, type, namespace)),
  );
}
