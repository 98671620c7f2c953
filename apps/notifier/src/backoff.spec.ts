import { backoffMs } from './backoff';

describe('backoffMs', () => {
  it('doubles per attempt, jittered between half and one and a half times', () => {
    expect(backoffMs(1, 1000, 60_000, () => 0)).toBe(500);
    expect(backoffMs(1, 1000, 60_000, () => 0.5)).toBe(1000);
    expect(backoffMs(3, 1000, 60_000, () => 0.5)).toBe(4000);
    expect(backoffMs(3, 1000, 60_000, () => 0.999)).toBe(5996);
  });

  it('never exceeds the cap', () => {
    expect(backoffMs(30, 1000, 60_000, () => 0.999)).toBe(60_000);
  });
});
