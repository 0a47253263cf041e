import 'reflect-metadata';
import { EventRegistry } from '@switchboard/contracts';
import { EventStore } from '@switchboard/event-store';
import pg from 'pg';
import { DurableTimers } from '../timers/durable-timers.js';
import { reminderDue } from './timer-fixture.js';

// A service that only fires timers, as its own process, for the test that SIGKILLs it.
const schema = process.env.TIMER_SCHEMA!;
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
const store = new EventStore(pool, schema, new EventRegistry().register(reminderDue), 'timer-worker');
new DurableTimers(pool, store, schema, { maxSleepMs: 100 }).start();
console.log('timers running');
