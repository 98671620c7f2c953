import { pollUntil } from '@sentinel/testing/poll-until';
import { PeriodicTask } from './periodic-task';

/** A pass the test lets finish when it chooses. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

const lines = () => {
  const said: { level: 'error' | 'warn'; line: Record<string, unknown> }[] = [];
  return {
    said,
    log: { error: (line: Record<string, unknown>) => said.push({ level: 'error', line }), warn: (line: Record<string, unknown>) => said.push({ level: 'warn', line }) },
  };
};

describe('PeriodicTask', () => {
  it('given a pass that leaves work behind, when started, then it runs again at once until the work is done', async () => {
    let left = 3;
    let passes = 0;
    const task = new PeriodicTask('Drain', 60_000, () => {
      passes++;
      return Promise.resolve(--left > 0);
    });
    task.start();
    await pollUntil(() => left === 0, { intervalMs: 5, what: 'the work to drain' });
    await task.stop();
    expect(passes).toBe(3);
  });

  it('given an interval, when a pass finds nothing, then the next one comes after the interval', async () => {
    const at: number[] = [];
    const task = new PeriodicTask('Tick', 30, () => Promise.resolve(void at.push(Date.now())));
    task.start();
    await pollUntil(() => at.length >= 3, { intervalMs: 5, what: 'three passes' });
    await task.stop();
    // Timers may fire a millisecond early; never a whole interval early.
    for (let i = 1; i < at.length; i++) expect(at[i] - at[i - 1]).toBeGreaterThanOrEqual(25);
  });

  it('given a pass in progress, when woken, then no second pass overlaps it and one more runs right after', async () => {
    const first = gate();
    let running = 0;
    let peak = 0;
    let passes = 0;
    const task = new PeriodicTask('Guarded', 60_000, async () => {
      running++;
      peak = Math.max(peak, running);
      passes++;
      if (passes === 1) await first.opened;
      running--;
    });
    task.start();
    await pollUntil(() => passes === 1, { intervalMs: 5, what: 'the first pass' });
    task.wake();
    task.wake();
    first.open();
    await pollUntil(() => passes === 2 && running === 0, { intervalMs: 5, what: 'the pass asked for meanwhile' });
    await task.stop();
    expect(peak).toBe(1);
    expect(passes).toBe(2);
  });

  it('given work due in a while, when asked to wake then, then a pass comes then (close ones together), not before it and not at the next interval', async () => {
    // Fake time: which alarms share a pass depends on the clock, which a loaded machine moves between two calls.
    jest.useFakeTimers({ now: 1_000_000 });
    try {
      const at: number[] = [];
      const task = new PeriodicTask('Due', 60_000, () => Promise.resolve(void at.push(Date.now() - 1_000_000)));
      task.start();
      await jest.advanceTimersByTimeAsync(0);
      task.wakeIn(150);
      task.wakeIn(300);
      task.wakeIn(155);
      await jest.advanceTimersByTimeAsync(1_000);
      await task.stop();
      // The first pass on start, then 150 and 155 together (rounded up to the 20 ms grain, never
      // earlier), then 300; each a timer tick after its alarm.
      expect(at).toHaveLength(3);
      expect(at[1]).toBeGreaterThanOrEqual(160);
      expect(at[1]).toBeLessThan(165);
      expect(at[2]).toBeGreaterThanOrEqual(300);
      expect(at[2]).toBeLessThan(305);
    } finally {
      jest.useRealTimers();
    }
  });

  it('given alarms pending, when stopped, then none of them runs a pass', async () => {
    let passes = 0;
    const task = new PeriodicTask('Stopped', 60_000, () => Promise.resolve(void passes++));
    task.start();
    await pollUntil(() => passes === 1, { intervalMs: 5, what: 'the first pass' });
    task.wakeIn(20);
    await task.stop();
    const stoppedAt = Date.now();
    await pollUntil(() => Date.now() - stoppedAt > 60, { intervalMs: 5, what: 'the alarm time to pass' });
    expect(passes).toBe(1);
  });

  it('given a pass that keeps failing, then the failure is said once, retried each interval, and its end is said with how often it recurred', async () => {
    const { said, log } = lines();
    let failures = 4;
    const task = new PeriodicTask('Flaky', 10, () => (failures-- > 0 ? Promise.reject(new Error('connection refused')) : Promise.resolve()), log);
    task.start();
    await pollUntil(() => said.some((s) => s.level === 'warn'), { intervalMs: 5, what: 'the recovery' });
    await task.stop();
    expect(said).toEqual([
      { level: 'error', line: { msg: 'Flaky failed; retrying in 10 ms', error: 'connection refused' } },
      { level: 'warn', line: { msg: 'Flaky recovered', repeated: 3, firstAt: expect.any(String) as unknown } },
    ]);
  });

  it('given a pass in progress, when stopped, then stop waits for it and no pass runs afterwards', async () => {
    const pass = gate();
    let passes = 0;
    let finished = false;
    const task = new PeriodicTask('Stopping', 10, async () => {
      passes++;
      await pass.opened;
      finished = true;
      return true;
    });
    task.start();
    await pollUntil(() => passes === 1, { intervalMs: 5, what: 'the first pass' });
    const stopped = task.stop();
    task.wake();
    pass.open();
    await stopped;
    expect(finished).toBe(true);
    expect(passes).toBe(1);
  });
});
