import { RepeatedErrors } from './repeated-errors';

describe('RepeatedErrors', () => {
  const given = () => {
    let now = 1_000_000;
    const said: Record<string, unknown>[] = [];
    const errors = new RepeatedErrors(
      (line) => said.push(line),
      60_000,
      () => now,
    );
    return { errors, said, advance: (ms: number) => void (now += ms) };
  };

  it('given the same failure on every retry, when reported, then it is said once and later with its count', () => {
    const { errors, said, advance } = given();
    for (let i = 0; i < 500; i++) {
      errors.report('p0', { msg: 'batch failed' });
      advance(100);
    }
    expect(said).toEqual([{ msg: 'batch failed' }]);
    advance(10_000);
    errors.report('p0', { msg: 'batch failed' });
    expect(said).toEqual([{ msg: 'batch failed' }, { msg: 'batch failed', repeated: 500, firstAt: new Date(1_000_000).toISOString() }]);
  });

  it('given different failures, then each is said', () => {
    const { errors, said } = given();
    errors.report('p0', { msg: 'a' });
    errors.report('p1', { msg: 'b' });
    expect(said).toHaveLength(2);
  });

  it('given a failure that clears, then the recovery says how often it recurred, and a new one is said again', () => {
    const { errors, said } = given();
    errors.report('p0', { msg: 'down' });
    errors.report('p0', { msg: 'down' });
    errors.report('p0', { msg: 'down' });
    errors.resolve('p0', { msg: 'recovered' });
    errors.resolve('p0', { msg: 'recovered' });
    errors.report('p0', { msg: 'down' });
    expect(said.map((l) => [l.msg, l.repeated])).toEqual([
      ['down', undefined],
      ['recovered', 2],
      ['down', undefined],
    ]);
  });
});
