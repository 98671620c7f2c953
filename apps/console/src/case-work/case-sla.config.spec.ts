import { loadConsoleConfig } from '../console.config';

describe('CASE_SLA_MINUTES', () => {
  it('defaults to four hours', () => {
    expect(loadConsoleConfig({}).caseSlaMinutes).toBe(240);
  });

  it('takes a number of minutes', () => {
    expect(loadConsoleConfig({ CASE_SLA_MINUTES: '30' }).caseSlaMinutes).toBe(30);
  });

  it.each([
    ['0', 'must be at least 1 minute'],
    ['50000', 'must be at most 30 days (43200 minutes)'],
    ['1.5', 'expected int'],
    ['soon', 'expected number'],
  ])('refuses %j, saying what it expects', (value, problem) => {
    expect(() => loadConsoleConfig({ CASE_SLA_MINUTES: value })).toThrow(
      expect.objectContaining({
        message: expect.stringMatching(new RegExp(`CASE_SLA_MINUTES .*${problem.replace(/[()]/g, '\\$&')}.*expected: how long a case may wait`, 'i')) as unknown,
      }) as Error,
    );
  });
});

describe('EXPORT_MAX_ROWS', () => {
  it('defaults to 10,000 cases and takes another limit', () => {
    expect(loadConsoleConfig({}).exportMaxRows).toBe(10_000);
    expect(loadConsoleConfig({ EXPORT_MAX_ROWS: '1' }).exportMaxRows).toBe(1);
  });

  it.each(['0', '1000001', '2.5', 'many'])('refuses %j', (value) => {
    expect(() => loadConsoleConfig({ EXPORT_MAX_ROWS: value })).toThrow(/EXPORT_MAX_ROWS/);
  });
});
