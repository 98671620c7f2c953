import { runInNewContext } from 'node:vm';
import { QueryFailedError } from 'typeorm';
import { isConnectionFailure, isRetryableFailure } from './connection-failure';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('isConnectionFailure', () => {
  it('given a socket error or the driver losing its connection, then it is a connection failure', () => {
    expect(isConnectionFailure(withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'))).toBe(true);
    expect(isConnectionFailure(withCode('write EPIPE', 'EPIPE'))).toBe(true);
    expect(isConnectionFailure(new QueryFailedError('SELECT 1', [], new Error('Connection terminated unexpectedly')))).toBe(true);
    expect(isConnectionFailure(new Error('timeout exceeded when trying to connect'))).toBe(true);
  });

  it('given a socket error built in another realm (a vm context, as under jest), then it is still a connection failure', () => {
    const foreign = runInNewContext("Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })") as unknown;
    expect(foreign instanceof Error).toBe(false);
    expect(isConnectionFailure(foreign)).toBe(true);
    expect(isConnectionFailure(runInNewContext("new Error('Connection terminated unexpectedly')"))).toBe(true);
  });

  it('given the server going away or running short, then it is a connection failure', () => {
    expect(isConnectionFailure(withCode('terminating connection due to administrator command', '57P01'))).toBe(true);
    expect(isConnectionFailure(withCode('the database system is starting up', '57P03'))).toBe(true);
    expect(isConnectionFailure(withCode('sorry, too many clients already', '53300'))).toBe(true);
    expect(isConnectionFailure(withCode('connection failure', '08006'))).toBe(true);
  });

  it('given the server refusing the statement itself, then it is not', () => {
    const unique = new QueryFailedError('INSERT', [], withCode('duplicate key value violates unique constraint', '23505'));
    expect(isConnectionFailure(unique)).toBe(false);
    expect(isConnectionFailure(withCode('syntax error at or near "SELEC"', '42601'))).toBe(false);
    expect(isConnectionFailure(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBe(false);
    expect(isConnectionFailure('not an error')).toBe(false);
  });
});

describe('isRetryableFailure', () => {
  const withConstraint = (code: string, constraint: string) => Object.assign(new Error('duplicate key'), { code, constraint });

  it('given a lost connection, a serialization failure, a deadlock or a lock not granted, then a retry may succeed', () => {
    expect(isRetryableFailure(withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'))).toBe(true);
    expect(isRetryableFailure(withCode('could not serialize access', '40001'))).toBe(true);
    expect(isRetryableFailure(withCode('deadlock detected', '40P01'))).toBe(true);
    expect(isRetryableFailure(withCode('could not obtain lock', '55P03'))).toBe(true);
  });

  it('given another instance numbering the same account first, then a retry may succeed', () => {
    expect(isRetryableFailure(withConstraint('23505', 'account_event_replay'))).toBe(true);
  });

  it('given data Postgres refuses, or a bug, then retrying fails the same way', () => {
    expect(isRetryableFailure(withCode('unsupported Unicode escape sequence', '22P05'))).toBe(false);
    expect(isRetryableFailure(withConstraint('23505', 'fraud_case_pkey'))).toBe(false);
    expect(isRetryableFailure(withCode('value too long for type character varying(64)', '22001'))).toBe(false);
    expect(isRetryableFailure(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBe(false);
    expect(isRetryableFailure(undefined)).toBe(false);
  });
});
