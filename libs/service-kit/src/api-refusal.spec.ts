import { ConflictException, HttpException, HttpStatus } from '@nestjs/common';
import { API_ERROR_CODES, type ApiErrorCode, fail, ok } from '@sentinel/contracts';
import { httpErrorOf, refuse, unwrap } from './api-refusal';

const thrownBy = (work: () => unknown): HttpException => {
  try {
    work();
  } catch (error) {
    if (error instanceof HttpException) return error;
    throw error;
  }
  throw new Error('expected an HTTP refusal');
};

describe('a refusal as a value, answered over HTTP', () => {
  it('given every error code, when its status is looked up, then it is an HTTP error status', () => {
    const notErrors = (Object.keys(API_ERROR_CODES) as ApiErrorCode[]).filter((code) => {
      const status = httpErrorOf({ code, message: 'x' }).getStatus();
      return !(status >= 400 && status < 600) || status !== API_ERROR_CODES[code].status;
    });
    expect(notErrors).toEqual([]);
  });

  it('given a failed result with details, when a controller unwraps it, then the error has its status and the body the APIs answered with before: error, message, then details', () => {
    const holder = { id: 'a1', username: 'bo', displayName: 'Bo', since: '2026-01-01T00:00:00.000Z' };
    const thrown = thrownBy(() => unwrap(fail('CASE_HELD', 'Bo (bo) is working this case', { holder })));
    const before = new ConflictException({ error: 'CASE_HELD', message: 'Bo (bo) is working this case', holder });
    expect({ status: thrown.getStatus(), body: JSON.stringify(thrown.getResponse()) }).toEqual({ status: before.getStatus(), body: JSON.stringify(before.getResponse()) });
  });

  it('given a failed result without details, when it is unwrapped, then the body is only its code and message', () => {
    const thrown = thrownBy(() => unwrap(fail('SNOOZE_NOT_FOUND', 'no snooze with id 7')));
    expect({ status: thrown.getStatus(), body: thrown.getResponse() }).toEqual({
      status: Number(HttpStatus.NOT_FOUND),
      body: { error: 'SNOOZE_NOT_FOUND', message: 'no snooze with id 7' },
    });
  });

  it('given a result that succeeded, when it is unwrapped, then the value is the answer', () => {
    expect(unwrap(ok({ id: 'c1' }))).toEqual({ id: 'c1' });
  });

  it('given a guard that refuses, when it refuses through the same mapping, then the error carries the status and body a returned refusal would', () => {
    const thrown = thrownBy(() => refuse('TOO_MANY_ATTEMPTS', 'try again in 30 seconds', { retryAfterSeconds: 30 }));
    expect({ status: thrown.getStatus(), body: thrown.getResponse() }).toEqual({
      status: 429,
      body: { error: 'TOO_MANY_ATTEMPTS', message: 'try again in 30 seconds', retryAfterSeconds: 30 },
    });
  });
});
