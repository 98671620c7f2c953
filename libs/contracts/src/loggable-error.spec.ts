import { failureReason, loggableError } from './loggable-error';

describe('loggableError', () => {
  // What TypeORM's QueryFailedError carries: the driver's fields, the query and its parameters.
  const failedInsert = () => {
    const error = Object.assign(new Error('duplicate key value violates unique constraint "x"'), {
      code: '23505',
      detail: 'Key (value)=(+8613912345678) already exists.',
      query: 'INSERT INTO account_contact VALUES ($1, $2)',
      parameters: ['acc-1', '+8613912345678', 'li.wei@example.com'],
    });
    error.name = 'QueryFailedError';
    return error;
  };

  it('given a failed query, when summarised for a log, then neither its parameters nor the detail quoting a value survive', () => {
    const said = loggableError(failedInsert());
    expect(said).toEqual({ type: 'QueryFailedError', message: 'duplicate key value violates unique constraint "x"', code: '23505', stack: expect.any(String) as unknown });
    expect(JSON.stringify(said)).not.toMatch(/13912345678|li\.wei|INSERT/);
  });

  it('masks contacts in a message and its stack', () => {
    const said = loggableError(new Error('could not reach li.wei@example.com at +8613912345678'));
    expect(JSON.stringify(said)).not.toMatch(/li\.wei@|13912345678/);
  });

  it('is stable when a serializer sees what a caller already summarised, and keeps only known fields of a thrown object', () => {
    const once = loggableError(failedInsert());
    expect(loggableError(once)).toEqual(once);
    expect(loggableError({ message: 'Internal server error', parameters: ['+8613912345678'] })).toEqual({ type: 'object', message: 'Internal server error' });
  });

  it('gives a dead letter the store’s words and its SQLSTATE', () => {
    expect(failureReason(failedInsert())).toBe('duplicate key value violates unique constraint "x" (SQLSTATE 23505)');
    expect(failureReason(new TypeError('x is not a function'))).toBe('TypeError: x is not a function');
  });
});
