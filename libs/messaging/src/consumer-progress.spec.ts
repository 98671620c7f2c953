import { ConsumerProgress } from './consumer-progress';

describe('ConsumerProgress', () => {
  const given = () => {
    let now = Date.parse('2026-11-29T10:00:00Z');
    const failures: string[] = [];
    const progress = new ConsumerProgress(
      60_000,
      (topic) => failures.push(topic),
      () => now,
    );
    return { progress, failures, advance: (ms: number) => void (now += ms) };
  };

  it('given a batch that keeps failing at one offset, when the stall time passes, then its partition is stalled', () => {
    const { progress, failures, advance } = given();
    progress.started('account.events', 2, '41');
    progress.failed('account.events', 2);
    advance(30_000);
    progress.started('account.events', 2, '41');
    progress.failed('account.events', 2);
    expect(progress.stalled()).toEqual([]);
    advance(30_000);
    expect(progress.stalled()).toEqual([{ topic: 'account.events', partition: 2, offset: '41', since: '2026-11-29T10:00:00.000Z', failures: 2 }]);
    expect(failures).toEqual(['account.events', 'account.events']);
  });

  it('given batches that finish, then nothing is stalled however long the consumer runs', () => {
    const { progress, advance } = given();
    for (let i = 0; i < 10; i++) {
      progress.started('account.events', 0, String(i * 100));
      advance(59_000);
      progress.finished('account.events', 0);
    }
    expect(progress.stalled()).toEqual([]);
  });

  it('given a hung batch, then its partition is stalled without any failure', () => {
    const { progress, advance } = given();
    progress.started('account.alerts', 1, '7');
    advance(61_000);
    expect(progress.stalled()).toMatchObject([{ partition: 1, failures: 0 }]);
  });

  it('given a rebalance that takes the partition away, then it is no longer reported', () => {
    const { progress, advance } = given();
    progress.started('account.events', 3, '9');
    progress.started('account.events', 4, '9');
    advance(61_000);
    progress.assigned({ 'account.events': [4] });
    expect(progress.stalled().map((s) => s.partition)).toEqual([4]);
  });

  it('given a rejoin that keeps the partition, then its stall record is kept, and one that moves it away drops it', () => {
    const { progress, advance } = given();
    progress.started('account.events', 1, '7');
    progress.failed('account.events', 1);
    progress.assigned({ 'account.events': [0, 1, 2] });
    advance(60_000);
    expect(progress.stalled()).toEqual([expect.objectContaining({ partition: 1, offset: '7' })]);
    progress.assigned({ 'account.events': [0, 2] });
    expect(progress.stalled()).toEqual([]);
  });

  it('given a consumer kafkajs restarts again and again with no batch through, then it is stopped once the stall time passes, and not once a batch gets through', () => {
    const { progress, advance } = given();
    progress.restarted('fetch failed');
    advance(30_000);
    progress.restarted('fetch failed');
    expect(progress.stopped()).toBeUndefined();
    advance(30_000);
    progress.restarted('fetch failed');
    expect(progress.stopped()).toMatch(/restarted 3 times .* fetch failed/);
    progress.started('account.events', 0, '5');
    progress.finished('account.events', 0);
    expect(progress.stopped()).toBeUndefined();
  });

  it('given one restart long ago, then it is not a stall', () => {
    const { progress, advance } = given();
    progress.restarted('once');
    advance(120_000);
    expect(progress.stopped()).toBeUndefined();
  });

  it('given batches finishing behind their records, then the lag is the most-behind partition per topic, and none once caught up', () => {
    const { progress, advance } = given();
    const start = Date.parse('2026-11-29T10:00:00Z');
    advance(90_000);
    progress.finished('account.events', 0, start + 30_000);
    progress.finished('account.events', 1, start);
    progress.finished('alerts', 0, start + 85_000);
    expect(progress.lagSeconds()).toEqual(
      new Map([
        ['account.events', 90],
        ['alerts', 5],
      ]),
    );
    progress.finished('account.events', 1, start + 89_000, true);
    expect(progress.lagSeconds().get('account.events')).toBe(60);
    progress.assigned({ 'account.events': [1], alerts: [0] });
    expect(progress.lagSeconds()).toEqual(
      new Map([
        ['account.events', 0],
        ['alerts', 5],
      ]),
    );
  });
});
