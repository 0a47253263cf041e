import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { databaseUnavailable } from './database-unavailable.js';

/** An error as the server sends it: pg raises a DatabaseError carrying the SQLSTATE. */
const serverError = (code: string, message = 'from the server') => Object.assign(new pg.DatabaseError(message, 0, 'error'), { code });
const socketError = (code: string) => Object.assign(new Error(`connect ${code} 127.0.0.1:5432`), { code });

describe('databaseUnavailable', () => {
  it.each(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE'])('a socket that could not connect or was cut (%s)', (code) => {
    expect(databaseUnavailable(socketError(code))).toBe(true);
  });

  it.each([
    ['08006', 'connection failure'],
    ['08001', 'could not establish a connection'],
    ['57P01', 'terminating connection due to administrator command'],
    ['57P02', 'terminating connection because of crash of another server process'],
    ['57P03', 'the database system is starting up'],
    ['53300', 'sorry, too many clients already'],
  ])('a server that cannot serve (%s %s)', (code, message) => {
    expect(databaseUnavailable(serverError(code, message))).toBe(true);
  });

  it.each([
    'Connection terminated unexpectedly',
    'Connection terminated due to connection timeout',
    'timeout exceeded when trying to connect',
    'Client has encountered a connection error and is not queryable',
  ])('what pg says of a lost or unobtainable connection (%s)', (message) => {
    expect(databaseUnavailable(new Error(message))).toBe(true);
  });

  it('looks through the causes of a wrapping error', () => {
    const wrapped = new Error('could not load the call', { cause: new Error('Connection terminated unexpectedly') });
    expect(databaseUnavailable(new Error('handler failed', { cause: wrapped }))).toBe(true);
  });

  it.each([
    ['a query the server refused', serverError('23505', 'duplicate key value violates unique constraint')],
    ['a serialization failure', serverError('40001', 'could not serialize access')],
    ['a statement timeout', serverError('57014', 'canceling statement due to statement timeout')],
    ['a SQLSTATE-like code on an error pg did not raise', Object.assign(new Error('provider said 08006'), { code: '08006' })],
    ['a handler error', new Error('poison')],
    ['something that is not an error', 'Connection terminated unexpectedly'],
  ])('not %s', (_, error) => {
    expect(databaseUnavailable(error)).toBe(false);
  });
});
