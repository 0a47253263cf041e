import { Get, Query, Sse, type MessageEvent } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces } from '@nestjs/swagger';
import { Observable } from 'rxjs';
import { ConsoleController } from '../access/console-controller.decorator.js';
import { EventsQuery } from './runs.dto.js';
import { type ConsoleEvent, RunsReadModel } from './runs-read-model.js';

const POLL_MS = 250;
const HEARTBEAT_MS = 15_000;
const LATE_COMMIT_GRACE_MS = 2_000;

/** The events of every stream as the console keeps them: the newest, and a live tail as server-sent events. */
@ConsoleController('events')
export class LiveController {
  constructor(private readonly readModel: RunsReadModel) {}

  @Get()
  @ApiOperation({ summary: 'The newest events (payloads masked), optionally of one run or type prefix, oldest first' })
  @ApiOkResponse()
  latest(@Query() query: EventsQuery): Promise<ConsoleEvent[]> {
    return this.readModel.latestEvents({ runId: query.run, type: query.type }, query.limit ?? 100);
  }

  @Sse('live')
  @ApiOperation({ summary: 'Server-sent events: each event kept from now on (optionally of one run or type prefix), as `data:` JSON' })
  @ApiProduces('text/event-stream')
  live(@Query() query: EventsQuery): Observable<MessageEvent> {
    const filter = { runId: query.run, type: query.type };
    return new Observable<MessageEvent>((subscriber) => {
      let position: string | undefined;
      const sent = new Set<string>();
      let stopped = false;
      let lastSent = Date.now();
      const tick = async () => {
        try {
          if (position === undefined) {
            const [newest] = (await this.readModel.latestEvents({}, 1)).slice(-1);
            position = newest?.position ?? '0';
            // Says from where the tail runs: what is committed after this comes.
            subscriber.next({ data: { position }, type: 'ready' });
          }
          // Read unfiltered and filtered here: events of other runs still move the position on. A
          // transaction that took its position earlier but committed later shows up in the grace window.
          const seen = (await this.readModel.eventsAfter(position, {}, 500, LATE_COMMIT_GRACE_MS)).filter((e) => !sent.has(e.eventId));
          seen.forEach((e) => sent.add(e.eventId));
          for (const id of [...sent].slice(0, Math.max(0, sent.size - 5_000))) sent.delete(id);
          const events = seen.filter((e) => (!filter.runId || e.runId === filter.runId) && (!filter.type || e.type.startsWith(filter.type)));
          for (const event of events) subscriber.next({ data: event, id: event.position, type: 'event' });
          for (const e of seen) if (BigInt(e.position) > BigInt(position)) position = e.position;
          if (events.length > 0) lastSent = Date.now();
          else if (Date.now() - lastSent > HEARTBEAT_MS) {
            subscriber.next({ data: {}, type: 'heartbeat' });
            lastSent = Date.now();
          }
        } catch (error) {
          subscriber.next({ data: { error: String(error) }, type: 'problem' });
        }
        if (!stopped) timer = setTimeout(() => void tick(), POLL_MS);
      };
      let timer = setTimeout(() => void tick(), 0);
      return () => {
        stopped = true;
        clearTimeout(timer);
      };
    });
  }
}
