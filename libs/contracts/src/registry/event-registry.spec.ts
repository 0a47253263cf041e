import { IsIn, IsInt, IsString, Min } from 'class-validator';
import { describe, expect, it } from 'vitest';
import { defineEvent } from './event-definition.js';
import { InvalidEventError, UnknownEventError } from './event-errors.js';
import { EventRegistry } from './event-registry.js';

class CallCompletedV1 {
  @IsString() callSid: string;
  @IsInt() @Min(0) durationSeconds: number;
}

/** v2 adds who hung up; v1 events predate it. */
class CallCompletedV2 extends CallCompletedV1 {
  @IsIn(['caller', 'callee', 'unknown']) endedBy: string;
}

const v1 = defineEvent({ domain: 'telephony', aggregate: 'call', event: 'completed', version: 1, payload: CallCompletedV1 });
const v2 = defineEvent({ domain: 'telephony', aggregate: 'call', event: 'completed', version: 2, payload: CallCompletedV2 });

const registry = () =>
  new EventRegistry().register(v1, v2).upcast(v1.type, 1, (payload) => ({ ...payload, endedBy: 'unknown' }));

const envelope = (version: number, payload: unknown) => ({
  id: 'e1',
  type: 'telephony.call.completed',
  version,
  streamId: 'call-1',
  streamPosition: 3,
  occurredAt: '2026-11-22T10:00:00.000Z',
  correlationId: 'c1',
  causationId: 'c1',
  producer: 'telephony',
  payload,
});

describe('defineEvent', () => {
  it('derives type and versioned subject', () => {
    expect(v2.type).toBe('telephony.call.completed');
    expect(v2.subject).toBe('telephony.call.completed.v2');
    expect(v2.create({ callSid: 'CA1', durationSeconds: 3, endedBy: 'caller' })).toEqual({
      type: 'telephony.call.completed',
      version: 2,
      payload: { callSid: 'CA1', durationSeconds: 3, endedBy: 'caller' },
    });
  });

  it('refuses names that would break subjects', () => {
    expect(() => defineEvent({ domain: 'Telephony', aggregate: 'call', event: 'x', version: 1, payload: CallCompletedV1 })).toThrow(
      /kebab-case/,
    );
  });
});

describe('EventRegistry', () => {
  it('upcasts a stored v1 event to v2 before anyone sees it', () => {
    const decoded = registry().decode<CallCompletedV2>(envelope(1, { callSid: 'CA1', durationSeconds: 42 }));
    expect(decoded.version).toBe(2);
    expect(decoded.payload).toBeInstanceOf(CallCompletedV2);
    expect(decoded.payload).toMatchObject({ callSid: 'CA1', durationSeconds: 42, endedBy: 'unknown' });
    expect(decoded.streamPosition).toBe(3);
  });

  it('without the upcaster, a v1 payload fails v2 validation on the missing field', () => {
    const bare = new EventRegistry().register(v2);
    expect(() => bare.validate(v2.type, 2, { callSid: 'CA1', durationSeconds: 1 })).toThrowError(/endedBy/);
  });

  it('names every invalid field at the producer', () => {
    try {
      registry().validate(v2.type, 2, { callSid: 7, durationSeconds: -1, endedBy: 'nobody' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidEventError);
      expect((error as InvalidEventError).problems.map((p) => p.field).sort()).toEqual([
        'callSid',
        'durationSeconds',
        'endedBy',
      ]);
    }
  });

  it('refuses an unknown type or a version newer than it knows', () => {
    expect(() => registry().decode({ ...envelope(1, {}), type: 'telephony.call.exploded' })).toThrow(UnknownEventError);
    expect(() => registry().decode(envelope(3, {}))).toThrow(UnknownEventError);
    expect(() => registry().decode({ nonsense: true } as never)).toThrow(UnknownEventError);
  });

  it('refuses a definition registered twice', () => {
    expect(() => new EventRegistry().register(v1, v1)).toThrow(/twice/);
  });
});
