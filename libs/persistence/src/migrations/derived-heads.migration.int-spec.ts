import { emptyAccountState, evolve } from '@sentinel/rules';
import { anEvent, isolatedDataSource, revertThrough } from '@sentinel/testing';
import { EventLogRepository } from '../repositories/event-log.repository';

describe('DerivedHeads migration against Postgres', () => {
  const db = isolatedDataSource();
  const repository = new EventLogRepository();

  it('reads heads off the numbered events; reverted, it stores them again, with a row for every account that has events', async () => {
    const fresh = 'acc-heads-new';
    const busy = 'acc-heads-busy';
    const login = (accountId: string, at: string) => anEvent('device.login', { accountId, occurredAt: at });
    const busyEvents = [login(busy, '2026-10-01T08:00:00Z'), login(busy, '2026-10-01T09:00:00Z'), login(busy, '2026-10-01T10:00:00Z')];
    await db().transaction(async (m) => {
      await repository.recordEvents(m, [login(fresh, '2026-10-01T08:00:00Z'), login(fresh, '2026-10-01T08:05:00Z')], [1, 2]);
      await repository.recordEvents(m, busyEvents, [1, 2, 4]);
      await repository.saveSnapshots(m, [{ accountId: busy, snapshotSeq: 2, snapshot: busyEvents.slice(0, 2).reduce(evolve, emptyAccountState(busy)) }]);
    });
    const stored = await repository.fetchStates(db().manager, [{ accountId: fresh }, { accountId: busy }, { accountId: 'acc-never-seen' }]);
    expect(stored.get(fresh)).toEqual({ headSeq: 2, snapshotSeq: 0, snapshot: null });
    expect(stored.get(busy)).toMatchObject({ headSeq: 4, snapshotSeq: 2, snapshot: { eventCount: 2 } });
    expect(stored.has('acc-never-seen')).toBe(false);
    // The caller holding the state at the head gets no snapshot.
    expect((await repository.fetchStates(db().manager, [{ accountId: busy, headSeq: 4 }])).get(busy)).toEqual({ headSeq: 4, snapshotSeq: 2 });

    await revertThrough(db(), 'DerivedHeads1764700000000');
    const rows = await db().query<{ account_id: string; head_seq: number; snapshot_seq: number; state: string }[]>(
      `SELECT account_id, head_seq::int, snapshot_seq::int, state FROM account_state WHERE account_id IN ($1, $2) ORDER BY account_id`,
      [busy, fresh],
    );
    expect(
      rows.map((r: { account_id: string; head_seq: number; snapshot_seq: number; state: string }) => [
        r.account_id,
        r.head_seq,
        r.snapshot_seq,
        (JSON.parse(r.state) as { eventCount: number }).eventCount,
      ]),
    ).toEqual([
      [busy, 4, 2, 2],
      [fresh, 2, 0, 0],
    ]);

    await db().runMigrations();
    expect((await repository.fetchStates(db().manager, [{ accountId: fresh }])).get(fresh)).toMatchObject({ headSeq: 2, snapshotSeq: 0 });
  });
});
